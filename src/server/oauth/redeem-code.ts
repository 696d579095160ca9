import * as oauth from "oauth4webapi";
import { StepUpError } from "../../errors/index.js";
import type { Core } from "../core.js";
import { callbackUrl } from "../routes/login.js";
import { toStepUpError } from "./oauth-error.js";
import type { Transaction } from "./transaction.js";

/** A redeemed authorization code: the token answer and its validated ID token claims. */
export interface RedeemedCode {
  response: oauth.TokenEndpointResponse;
  claims: oauth.IDToken;
}

/**
 * Checks the callback's `state` against the transaction and redeems the code
 * with the PKCE verifier (RFC 6749 §4.1.2-4.1.3, RFC 7636 §4.5).
 * @throws StepUpError `invalid_request` (forged or replayed state), the issuer's
 *   error (e.g. `access_denied`), or a transport error — all with operation "login".
 */
export async function redeemCode(
  core: Core,
  request: Request,
  transaction: Transaction,
): Promise<RedeemedCode> {
  const as = await core.oauth.getServer();
  const client = core.oauth.clientMetadata();

  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client, new URL(request.url), transaction.state);
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) throw toStepUpError(error, "login");
    // A wrong or missing state is a forged or replayed callback (RFC 6749 §10.12).
    throw new StepUpError("invalid_request", "Invalid state", { operation: "login", cause: error });
  }

  let response: oauth.TokenEndpointResponse;
  try {
    const answer = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      core.oauth.clientAuth,
      params,
      callbackUrl(core.config.appBaseUrl, core.config.prefix),
      transaction.codeVerifier,
      core.oauth.requestOptions(),
    );
    // The ID token comes straight from the token endpoint over TLS, so its
    // claims are validated and its signature may be trusted (OIDC Core 3.1.3.7 step 6).
    response = await oauth.processAuthorizationCodeResponse(as, client, answer, {
      expectedNonce: transaction.nonce,
      requireIdToken: true,
      ...(transaction.maxAge !== undefined ? { maxAge: transaction.maxAge } : {}),
    });
  } catch (error) {
    throw toStepUpError(error, "login");
  }
  return { response, claims: oauth.getValidatedIdTokenClaims(response)! };
}
