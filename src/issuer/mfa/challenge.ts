import { z } from "zod";
import { StepUpError } from "../../errors/index.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import { factorForChallenge } from "../factors/registry.js";
import { readParams } from "../http/body.js";
import { authenticateClient } from "../http/client-auth.js";
import { optionalParam, parseWith, param } from "../http/validate.js";
import { resolveMfaToken } from "./mfa-token.js";

const schema = z.object({
  client_id: param,
  client_secret: optionalParam,
  mfa_token: param,
  challenge_type: param,
  authenticator_id: optionalParam,
});

/**
 * POST /mfa/challenge: the factor whose challenge answers `challenge_type`
 * (factors/registry.ts) runs it (otp: nothing to send; oob: send a code).
 * With client_secret the client is authenticated; the mfa_token must be this
 * client's either way.
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
  const factor = factorForChallenge(input.challenge_type);
  if (!factor?.challenge) throw new StepUpError("unsupported_challenge_type");
  return factor.challenge.handle(deps, token, input.authenticator_id);
}
