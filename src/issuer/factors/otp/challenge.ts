import { StepUpError } from "../../../errors/index.js";
import type { IssuerDeps } from "../../deps.js";
import { jsonResponse } from "../../http/respond.js";
import type { MfaTokenRow } from "../../store/mfa-tokens.js";
import { listAuthenticators } from "./store.js";

/**
 * POST /mfa/challenge with challenge_type=otp: there is nothing to send; the
 * answer tells the client to ask the user for the app's code.
 * @throws unsupported_challenge_type (400) no otp factor, invalid_request (400) unknown authenticator_id
 */
export async function challengeOtp(
  deps: IssuerDeps,
  token: MfaTokenRow,
  authenticatorId: string | undefined,
): Promise<Response> {
  const totps = (await listAuthenticators(deps.db, token.user_id)).filter(
    (row) => row.type === "totp",
  );
  if (totps.length === 0)
    throw new StepUpError("unsupported_challenge_type", "No otp authenticator is enrolled");
  if (authenticatorId !== undefined && !totps.some((row) => `totp|${row.id}` === authenticatorId)) {
    throw new StepUpError("invalid_request", "Invalid parameter: authenticator_id");
  }
  return jsonResponse({ challenge_type: "otp" });
}
