import { StepUpError } from "../../errors/index.js";
import { recordEvent, type EventInput } from "../audit/record-event.js";
import type { IssuerDeps } from "../deps.js";
import { hasActiveFactor } from "./requirements.js";
import { factorNameOf } from "../policy/audience-policy.js";
import { deleteAllAuthenticators, deleteConfirmedAuthenticator } from "../store/authenticators.js";
import {
  deleteAllOobAuthenticators,
  deleteConfirmedOobAuthenticator,
} from "../store/oob-authenticators.js";
import { revokeUserFamilies } from "../store/refresh-tokens.js";
import {
  deleteActiveRecoveryCodeSets,
  deleteAllRecoveryCodeSets,
  findActiveRecoveryCodeSet,
} from "../store/recovery-codes.js";

/** Who removes: the user through the MFA API, or an admin client. */
export interface Remover {
  actor: "user" | "admin";
  clientId: string | undefined;
}

const FACTOR_TYPES = new Set(["totp", "email", "sms", "webauthn"]);

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
  const bar = wireId.indexOf("|");
  const type = bar > 0 ? wireId.slice(0, bar) : "";
  const id = wireId.slice(bar + 1);
  if (type === "recovery-code") {
    const set = await findActiveRecoveryCodeSet(deps.db, userId);
    if (!set || set.id !== id) throw new StepUpError("not_found", "No such authenticator");
    throw new StepUpError(
      "invalid_request",
      "Recovery codes cannot be removed; regenerate them with POST /mfa/recovery-codes",
    );
  }
  if (!FACTOR_TYPES.has(type)) throw new StepUpError("not_found", "No such authenticator");
  const codesRemoved = await deps.db.transaction(async (tx) => {
    const deleted =
      type === "email" || type === "sms"
        ? await deleteConfirmedOobAuthenticator(tx, userId, id, type)
        : await deleteConfirmedAuthenticator(tx, userId, id, type);
    if (!deleted) throw new StepUpError("not_found", "No such authenticator");
    return (await hasActiveFactor(tx, userId)) ? 0 : deleteActiveRecoveryCodeSets(tx, userId);
  });
  const event: EventInput = {
    type: "mfa.removed",
    userId,
    authenticatorId: wireId,
    authenticatorType: factorNameOf(type),
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
    await deleteAllOobAuthenticators(tx, userId);
    await deleteAllRecoveryCodeSets(tx, userId);
    // A reset answers a lost or stolen device: every session of the user ends
    // with it, or a thief's refresh token would outlive the factor it beat.
    await revokeUserFamilies(tx, userId, deps.clock());
  });
  await recordEvent(deps, { type: "mfa.reset", userId, actor: "admin", clientId });
}
