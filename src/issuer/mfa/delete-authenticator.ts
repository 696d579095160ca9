import type { IssuerDeps } from "../deps.js";
import { bearerToken } from "../http/client-auth.js";
import { routeParams } from "../http/router.js";
import { requireMfaAccessToken } from "./mfa-bearer.js";
import { removeAuthenticator } from "./remove-authenticator.js";

/**
 * DELETE /mfa/authenticators/{id} (bearer: an access token for `{issuer}/mfa/`
 * with scope remove:authenticators, which needs an MFA at most 300 s old).
 * @throws invalid_token (401), insufficient_scope (403), not_found (404) not the caller's factor,
 *   invalid_request (400) the recovery-code set
 */
export async function handleDeleteAuthenticator(
  request: Request,
  deps: IssuerDeps,
): Promise<Response> {
  const caller = await requireMfaAccessToken(deps, bearerToken(request), "remove:authenticators");
  await removeAuthenticator(deps, caller.userId, routeParams(request).id ?? "", {
    actor: "user",
    clientId: caller.clientId,
  });
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
}
