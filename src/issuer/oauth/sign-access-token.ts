import { SignJWT, type JWTPayload } from "jose";
import { randomId } from "../crypto/hash.js";
import type { IssuerDeps } from "../deps.js";

/**
 * Signs an access token without a refresh family (client credentials, and the
 * MFA API token re-issued after an enrollment): iss, sub, aud, iat, exp, jti
 * set here, `claims` (scope, azp, …) as given. Lifetime: accessTokenTtl.
 */
export async function signAccessToken(
  deps: IssuerDeps,
  token: { subject: string; audience: string; claims: JWTPayload },
): Promise<string> {
  const iat = Math.floor(deps.clock() / 1000);
  const key = deps.signingKeys.accessToken;
  return new SignJWT(token.claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "at+jwt" })
    .setIssuer(deps.issuer)
    .setSubject(token.subject)
    .setAudience(token.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + deps.accessTokenTtl)
    .setJti(randomId(16))
    .sign(key.privateKey);
}
