import { z } from "zod";
import { StepUpError } from "../../errors/index.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import { readParams } from "../http/body.js";
import { authenticateClient } from "../http/client-auth.js";
import { jsonResponse } from "../http/respond.js";
import { optionalParam, parseWith, param } from "../http/validate.js";
import { listAuthenticators } from "../factors/otp/store.js";
import { challengeOob } from "../factors/oob/challenge.js";
import { resolveMfaToken } from "./mfa-token.js";

const schema = z.object({
  client_id: param,
  client_secret: optionalParam,
  mfa_token: param,
  challenge_type: param,
  authenticator_id: optionalParam,
});

/**
 * POST /mfa/challenge. For otp there is nothing to send: the answer tells the
 * client to ask the user for the app's code. With client_secret the client is
 * authenticated; the mfa_token must be this client's either way.
 * @throws unsupported_challenge_type (400), invalid_client (401), invalid_token / expired_token (401)
 */
export async function handleChallenge(request: Request, deps: IssuerDeps): Promise<Response> {
  const params = await readParams(request, LIMITS.maxBodyBytes);
  const input = parseWith(schema, params);
  if (
    input.client_secret !== undefined ||
    /^basic /i.test(request.headers.get("authorization") ?? "")
  ) {
    authenticateClient(request, params, deps);
  } else if (!deps.clients.has(input.client_id)) {
    throw new StepUpError("invalid_client");
  }
  const token = await resolveMfaToken(deps, input.mfa_token, input.client_id);
  if (input.challenge_type === "oob") return challengeOob(deps, token, input.authenticator_id);
  if (input.challenge_type !== "otp") throw new StepUpError("unsupported_challenge_type");
  const totps = (await listAuthenticators(deps.db, token.user_id)).filter(
    (row) => row.type === "totp",
  );
  if (totps.length === 0)
    throw new StepUpError("unsupported_challenge_type", "No otp authenticator is enrolled");
  if (
    input.authenticator_id !== undefined &&
    !totps.some((row) => `totp|${row.id}` === input.authenticator_id)
  ) {
    throw new StepUpError("invalid_request", "Invalid parameter: authenticator_id");
  }
  return jsonResponse({ challenge_type: "otp" });
}
