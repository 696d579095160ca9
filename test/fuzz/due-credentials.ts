/**
 * A fixture's credentials, minted lazily: each group names the
 * `{{placeholders}}` it provides; a new round (the clock moved on, or an
 * answer spent something) makes every group due, and a group is minted
 * again only before the first request that uses one of its names.
 *
 * Why: minting is the fuzz's main cost (an OTP grant costs tens of
 * generated requests), and most targets use two or three of the dozen
 * credentials. What a request sees is the same as with minting everything
 * at each round: every placeholder it uses was minted after the round's
 * clock step.
 */
export interface CredentialGroup {
  /** The placeholders it sets. */
  names: readonly string[];
  /** Groups minted first (when due) because this one builds on them. */
  after?: readonly CredentialGroup[];
  mint(): Promise<void>;
}

export class DueCredentials {
  private readonly due = new Set<CredentialGroup>();

  constructor(private readonly groups: readonly CredentialGroup[]) {
    this.markAllDue();
  }

  markAllDue(): void {
    for (const group of this.groups) this.due.add(group);
  }

  /** Mints the due groups that provide any of `names` (and their due prerequisites). */
  async mintFor(names: ReadonlySet<string>): Promise<void> {
    for (const group of this.groups) {
      if (this.due.has(group) && group.names.some((name) => names.has(name))) {
        await this.mint(group);
      }
    }
  }

  private async mint(group: CredentialGroup): Promise<void> {
    if (!this.due.has(group)) return;
    this.due.delete(group);
    for (const before of group.after ?? []) await this.mint(before);
    try {
      await group.mint();
    } catch (error) {
      this.due.add(group);
      throw error;
    }
  }
}
