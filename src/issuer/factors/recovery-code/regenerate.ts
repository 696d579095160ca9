import { StepUpError } from "../../../errors/index.js";
import { recordEvent } from "../../audit/record-event.js";
import { randomId } from "../../crypto/hash.js";
import type { IssuerDeps } from "../../deps.js";
import { generateRecoveryCodes, hashRecoveryCode } from "./codes.js";
import { bearerToken } from "../../http/client-auth.js";
import { jsonResponse } from "../../http/respond.js";
import { replaceRecoveryCodeSet } from "./store.js";
import { requireMfaAccessToken } from "../../mfa/mfa-bearer.js";
import { hasActiveFactor } from "../../mfa/requirements.js";

/**
 * POST /mfa/recovery-codes (bearer: an access token for `{issuer}/mfa/` with
 * scope enroll): a new set of recovery codes, shown only here; the old set,
 * used or not, stops working in the same transaction.
 * @throws invalid_token (401), insufficient_scope (403),
 *   invalid_request (400) the user has no factor the codes would stand in for
 */
export async function handleRegenerateRecoveryCodes(
  request: Request,
  deps: IssuerDeps,
): Promise<Response> {
  const caller = await requireMfaAccessToken(deps, bearerToken(request), "enroll");
  if (!(await hasActiveFactor(deps, deps.db, caller.userId))) {
    throw new StepUpError("invalid_request", "No factor is enrolled; enroll one first");
  }
  const codes = generateRecoveryCodes();
  const id = randomId(12);
  await deps.db.transaction((tx) =>
    replaceRecoveryCodeSet(
      tx,
      { id, userId: caller.userId, now: deps.clock() },
      codes.map(hashRecoveryCode),
    ),
  );
  await recordEvent(deps, {
    type: "mfa.recovery_codes_regenerated",
    userId: caller.userId,
    authenticatorId: `recovery-code|${id}`,
    authenticatorType: "recovery-code",
    actor: "user",
    ...(caller.clientId ? { clientId: caller.clientId } : {}),
  });
  return jsonResponse({ recovery_codes: codes });
}
