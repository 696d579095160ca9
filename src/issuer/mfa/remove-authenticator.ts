import { StepUpError } from "../../errors/index.js";
import { recordEvent, type EventInput } from "../audit/record-event.js";
import type { IssuerDeps } from "../deps.js";
import { deleteAllAuthenticators, parseAuthenticatorId } from "../factors/registry.js";
import { deleteActiveRecoveryCodeSets } from "../factors/recovery-code/store.js";
import { hasActiveFactor } from "./requirements.js";
import { revokeUserFamilies } from "../store/refresh-tokens.js";

/** Who removes: the user through the MFA API, or an admin client. */
export interface Remover {
  actor: "user" | "admin";
  clientId: string | undefined;
}

/**
 * Removes one confirmed factor of `userId` by its wire id (`totp|<id>` …).
 * Removing the last factor also removes the recovery codes: they recover
 * access to factors, and with none left they would be a lone password-like
 * secret. The recovery-code set itself cannot be removed while factors
 * exist (regenerate it instead), so a user cannot strip their own fallback.
 * @throws not_found (404) no such factor of this user (another user's id looks the same)
 * @throws invalid_request (400) the id names the recovery-code set
 */
export async function removeAuthenticator(
  deps: IssuerDeps,
  userId: string,
  wireId: string,
  by: Remover,
): Promise<void> {
  const parsed = parseAuthenticatorId(wireId);
  if (!parsed) throw new StepUpError("not_found", "No such authenticator");
  const { factor, key } = parsed;
  const remove = factor.store.remove;
  if (!remove) {
    // The recovery-code set: named correctly, it gets a reason; otherwise not found.
    const listed = await factor.store.list(deps, deps.db, userId);
    if (!listed.some((entry) => entry.key === key)) {
      throw new StepUpError("not_found", "No such authenticator");
    }
    throw new StepUpError(
      "invalid_request",
      "Recovery codes cannot be removed; regenerate them with POST /mfa/recovery-codes",
    );
  }
  const codesRemoved = await deps.db.transaction(async (tx) => {
    if (!(await remove(tx, userId, key))) {
      throw new StepUpError("not_found", "No such authenticator");
    }
    return (await hasActiveFactor(deps, tx, userId)) ? 0 : deleteActiveRecoveryCodeSets(tx, userId);
  });
  const event: EventInput = {
    type: "mfa.removed",
    userId,
    authenticatorId: wireId,
    authenticatorType: factor.name,
    actor: by.actor,
    ...(by.clientId ? { clientId: by.clientId } : {}),
  };
  await recordEvent(deps, event);
  if (codesRemoved > 0) {
    await recordEvent(deps, {
      ...event,
      authenticatorId: undefined,
      authenticatorType: "recovery-code",
    });
  }
}

/**
 * Deletes every factor and recovery code of the user and revokes all their
 * refresh families (admin MFA reset); recorded as mfa.reset.
 */
export async function resetMfa(deps: IssuerDeps, userId: string, clientId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await deleteAllAuthenticators(tx, userId);
    // A reset answers a lost or stolen device: every session of the user ends
    // with it, or a thief's refresh token would outlive the factor it beat.
    await revokeUserFamilies(tx, userId, deps.clock());
  });
  await recordEvent(deps, { type: "mfa.reset", userId, actor: "admin", clientId });
}
