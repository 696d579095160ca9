import { StepUpError } from "../../../errors/index.js";
import type { IssuerDeps } from "../../deps.js";
import { jsonResponse } from "../../http/respond.js";
import type { MfaTokenRow } from "../../store/mfa-tokens.js";
import { listOobAuthenticators } from "./store.js";
import { deleteOobCode, insertOobCode } from "./code-store.js";
import { deliverOobCode, mintOobCode, releaseOobSend, reserveOobSend } from "./send-code.js";

/**
 * POST /mfa/challenge with challenge_type=oob: sends a new code to the chosen
 * confirmed email/SMS factor (`authenticator_id`, default the first one).
 * Each send of one authenticator waits out a cooldown and counts toward an
 * hourly cap (deps.oobSendPolicy).
 * @throws unsupported_challenge_type (400) no email/SMS factor, invalid_request (400) unknown authenticator_id,
 *   too_many_attempts (429), delivery_failed (503)
 */
export async function challengeOob(
  deps: IssuerDeps,
  token: MfaTokenRow,
  authenticatorId: string | undefined,
): Promise<Response> {
  const confirmed = (await listOobAuthenticators(deps.db, token.user_id)).filter(
    (row) => row.confirmed_at !== null,
  );
  if (confirmed.length === 0)
    throw new StepUpError(
      "unsupported_challenge_type",
      "No email or sms authenticator is enrolled",
    );
  const authenticator =
    authenticatorId === undefined
      ? confirmed[0]
      : confirmed.find((row) => `${row.channel}|${row.id}` === authenticatorId);
  if (!authenticator)
    throw new StepUpError("invalid_request", "Invalid parameter: authenticator_id");

  const to = deps.oobBox.open(authenticator.destination_sealed, `oob|${authenticator.id}`);
  const reservationId = await reserveOobSend(deps, `oob|${authenticator.id}`, {
    channel: authenticator.channel,
    userId: token.user_id,
    to,
  });
  const code = mintOobCode(deps, {
    authenticatorId: authenticator.id,
    userId: token.user_id,
    mfaTokenHash: token.token_hash,
  });
  try {
    await insertOobCode(deps.db, code.row);
  } catch (error) {
    await releaseOobSend(deps, reservationId);
    throw error;
  }
  await deliverOobCode(
    deps,
    { channel: authenticator.channel, to, bindingCode: code.bindingCode, reservationId },
    () => deleteOobCode(deps.db, code.row.code_hash),
  );
  return jsonResponse({ challenge_type: "oob", oob_code: code.oobCode, binding_method: "prompt" });
}
