import { StepUpError } from "../../errors/index.js";
import type { IssuerDeps } from "../deps.js";
import type { IssuerClient } from "../options.js";
import { signAccessToken } from "../oauth/sign-access-token.js";
import { verifyAccessToken, type VerifiedAccessToken } from "../oauth/verify-access-token.js";
import { mfaApiAudience } from "../policy/audience-policy.js";

/**
 * The MFA API access token (scope `enroll`) that an MFA grant received in
 * place of an mfa_token, to confirm a factor added with it (as Auth0 lets a
 * settings page do). It must be this client's.
 * @throws invalid_token (401), insufficient_scope (403)
 */
export async function verifyEnrollAccessToken(
  deps: IssuerDeps,
  client: IssuerClient,
  raw: string,
): Promise<VerifiedAccessToken> {
  const token = await verifyAccessToken(deps, raw, mfaApiAudience(deps), "enroll");
  if (token.payload.azp !== client.clientId) throw new StepUpError("invalid_token");
  return token;
}

/**
 * The answer of such a grant: nothing is stepped up (the token already proves
 * a fresh MFA), so it is a new MFA API access token with the same claims, and
 * no refresh token.
 */
export async function reissueMfaApiToken(
  deps: IssuerDeps,
  token: VerifiedAccessToken,
): Promise<Record<string, unknown>> {
  const {
    iss: _iss,
    sub: _sub,
    aud: _aud,
    iat: _iat,
    exp: _exp,
    jti: _jti,
    ...claims
  } = token.payload;
  const accessToken = signAccessToken(deps, {
    subject: token.sub,
    audience: mfaApiAudience(deps),
    claims,
  });
  return {
    access_token: accessToken,
    token_type: "Bearer",
    expires_in: deps.accessTokenTtl,
    scope: claims.scope,
  };
}
