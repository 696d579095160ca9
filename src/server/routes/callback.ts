import * as oauth from "oauth4webapi";
import { StepUpError } from "../../errors/index.js";
import { randomToken } from "../../shared/random.js";
import { nowSeconds } from "../core.js";
import { toStepUpError } from "../oauth/oauth-error.js";
import { applyTokenResponse } from "../session/apply-token-response.js";
import { pickUser, type Session } from "../session/session.js";
import { callbackUrl } from "./login.js";
import { redirect } from "./respond.js";
import type { RouteHandler } from "./route-context.js";

/** `GET /auth/callback`: checks state, redeems the code with the PKCE verifier, starts the session. */
export const callback: RouteHandler = async (request, { core, cookies }) => {
  const transaction = await core.transactions.take(cookies);
  if (!transaction) {
    throw new StepUpError("invalid_request", "No login in progress (or it expired); start again");
  }
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

  const claims = oauth.getValidatedIdTokenClaims(response)!;
  const now = nowSeconds(core);
  let session: Session = {
    sid: randomToken(16),
    user: pickUser(claims),
    idToken: response.id_token!,
    ...(response.refresh_token ? { refreshToken: response.refresh_token } : {}),
    tokenSets: [],
    createdAt: now,
    updatedAt: now,
  };
  // Only a token for a named API is worth keeping; one for the userinfo endpoint is not.
  if (transaction.audience) {
    session = applyTokenResponse(
      session,
      response,
      { audience: transaction.audience, scope: transaction.scope },
      now,
    ).session;
  }
  await core.sessions.write(cookies, session);
  return redirect(new URL(transaction.returnTo, core.config.appBaseUrl));
};
