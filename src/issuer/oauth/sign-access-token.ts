import { randomId } from "../crypto/hash.js";
import { signJwt } from "../crypto/sign-jwt.js";
import type { IssuerDeps } from "../deps.js";

/**
 * Signs an access token (RFC 9068, `typ: at+jwt`) with the access-token key:
 * iss, sub, aud, iat, exp, jti set here, `claims` (scope, azp, amr, …) as
 * given. Lifetime: accessTokenTtl.
 */
export function signAccessToken(
  deps: IssuerDeps,
  token: { subject: string; audience: string; claims: Record<string, unknown> },
): string {
  const iat = Math.floor(deps.clock() / 1000);
  return signJwt(deps.signingKeys.accessToken, "at+jwt", {
    ...token.claims,
    iss: deps.issuer,
    sub: token.subject,
    aud: token.audience,
    iat,
    exp: iat + deps.accessTokenTtl,
    jti: randomId(16),
  });
}
