import { createHash } from "node:crypto";
import { SignJWT } from "jose";
import { randomId, sha256Hex } from "../crypto/hash.js";
import type { IssuerDeps } from "../deps.js";
import { storeCurrentRefreshToken, type RefreshFamilyRow } from "../store/refresh-tokens.js";
import type { SqlClient } from "../store/sql-client.js";
import { findUserById } from "../store/users.js";
import { acrFor } from "./policy.js";
import { splitScope } from "./scopes.js";

/** The default audience of a token minted without an API audience: our own userinfo. */
export function userinfoAudience(deps: IssuerDeps): string {
  return `${deps.issuer}/userinfo`;
}

export interface TokenRequest {
  family: RefreshFamilyRow;
  audience: string;
  scope: string;
  nonce?: string;
  /** Issue a new refresh token in the family (only when offline_access was granted). */
  withRefreshToken: boolean;
  /**
   * Answer with this refresh token, the family's current one, instead of
   * minting another (the reuse interval of refresh-rotation.ts).
   */
  refreshToken?: string;
  extra?: Record<string, unknown>;
}

/**
 * Mints the token response of RFC 6749 §5.1: a JWT access token carrying the
 * family's authentication (amr, acr, auth_time), an id_token when `openid` was
 * granted, and a fresh refresh token stored hashed (and sealed as the
 * family's current one), or the given current one. `db` may be a transaction.
 */
export async function issueTokens(
  db: SqlClient,
  deps: IssuerDeps,
  request: TokenRequest,
): Promise<Record<string, unknown>> {
  const { family } = request;
  const now = deps.clock();
  const iat = Math.floor(now / 1000);
  const authTime = Math.floor(family.auth_time / 1000);
  const amr = family.amr;
  const acr = acrFor(amr);
  const accessToken = await new SignJWT({
    scope: request.scope,
    azp: family.client_id,
    auth_time: authTime,
    amr,
    acr,
  })
    .setProtectedHeader({ alg: "RS256", kid: deps.signingKey.kid, typ: "at+jwt" })
    .setIssuer(deps.issuer)
    .setSubject(family.user_id)
    .setAudience(request.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + deps.accessTokenTtl)
    .setJti(randomId(16))
    .sign(deps.signingKey.privateKey);

  const body: Record<string, unknown> = {
    access_token: accessToken,
    token_type: "Bearer",
    expires_in: deps.accessTokenTtl,
    scope: request.scope,
  };

  if (splitScope(family.scope).includes("openid")) {
    const user = await findUserById(db, family.user_id);
    body.id_token = await new SignJWT({
      // OIDC Core §3.1.3.6: lets the client check the access token came with this id_token.
      at_hash: leftHalfHash(accessToken),
      auth_time: authTime,
      amr,
      acr,
      azp: family.client_id,
      ...(request.nonce ? { nonce: request.nonce } : {}),
      ...(user && splitScope(family.scope).includes("email")
        ? { email: user.email, email_verified: user.email_verified }
        : {}),
      ...(user?.name && splitScope(family.scope).includes("profile") ? { name: user.name } : {}),
    })
      .setProtectedHeader({ alg: "RS256", kid: deps.signingKey.kid, typ: "JWT" })
      .setIssuer(deps.issuer)
      .setSubject(family.user_id)
      .setAudience(family.client_id)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 3600)
      .sign(deps.signingKey.privateKey);
  }

  if (request.refreshToken !== undefined) {
    body.refresh_token = request.refreshToken;
  } else if (request.withRefreshToken) {
    const refreshToken = randomId(32);
    const token = { value: refreshToken, hash: sha256Hex(refreshToken) };
    await storeCurrentRefreshToken(db, deps.refreshTokenBox, token, family.id, now);
    body.refresh_token = refreshToken;
  }
  return { ...body, ...request.extra };
}

/** base64url of the left half of SHA-256 (RS256's hash) of `value`: at_hash, OIDC Core §3.1.3.6. */
export function leftHalfHash(value: string): string {
  const digest = createHash("sha256").update(value, "ascii").digest();
  return digest.subarray(0, digest.length / 2).toString("base64url");
}
