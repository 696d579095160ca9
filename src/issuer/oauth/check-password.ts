import type { IssuerDeps } from "../deps.js";
import { replacePasswordHash, type UserRow } from "../store/users.js";

/**
 * Checks a sign-in's password; an unknown user costs the same as a known one.
 * After a correct password whose stored hash has weaker parameters than the
 * issuer's, stores a new hash at the current cost (OWASP's parameters move
 * up over time). The upgrade never fails the sign-in: when it cannot be
 * stored, the old hash stays valid and the next sign-in tries again.
 */
export async function checkPassword(
  deps: IssuerDeps,
  user: UserRow | undefined,
  password: string,
): Promise<boolean> {
  const check = await deps.passwords.verify(password, user?.password_hash);
  if (!check.valid || !user) return false;
  if (check.needsRehash) {
    try {
      const upgraded = await deps.passwords.hash(password);
      await replacePasswordHash(deps.db, user.id, user.password_hash, upgraded);
    } catch (error) {
      deps.logger("password hash upgrade failed", error);
    }
  }
  return true;
}
