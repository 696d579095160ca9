import { createHash } from "node:crypto";
import { randomId, sha256Hex } from "../crypto/hash.js";
import { signJwt } from "../crypto/sign-jwt.js";
import { signAccessToken } from "./sign-access-token.js";
import type { IssuerDeps } from "../deps.js";
import { replaceCurrentRefreshToken, type RefreshFamilyRow } from "../store/refresh-tokens.js";
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
  /** The answer's scope: an id_token comes with it when it includes `openid`. */
  scope: string;
  nonce?: string;
  /** The refresh token to answer with (storeRefreshToken's, or the family's current one), if any. */
  refreshToken?: string;
  extra?: Record<string, unknown>;
}

/**
 * Mints a refresh token as the family's one live token, inside the grant's
 * transaction: every live token of the family is retired, the new one is
 * stored hashed for lookup and sealed on the family for the reuse interval,
 * and the family's idle lifetime starts again (one statement).
 */
export async function storeRefreshToken(
  tx: SqlClient,
  deps: IssuerDeps,
  familyId: string,
  now: number,
): Promise<string> {
  const token = newRefreshToken();
  await replaceCurrentRefreshToken(tx, deps.refreshTokenBox, token, familyId, now);
  return token.value;
}

/** A fresh refresh token and the hash it is stored under. */
export function newRefreshToken(): { value: string; hash: string } {
  const value = randomId(32);
  return { value, hash: sha256Hex(value) };
}

/**
 * Signs the token response of RFC 6749 §5.1 once the grant's transaction has
 * committed (nothing is held while it signs): a JWT access token carrying the
 * family's authentication (amr, acr, auth_time), an id_token when the scope
 * includes `openid` (OIDC Core §12.2 leaves it out of refresh answers that do
 * not ask for it), and the given refresh token.
 */
export async function signTokenResponse(
  deps: IssuerDeps,
  request: TokenRequest,
): Promise<Record<string, unknown>> {
  const { family } = request;
  const iat = Math.floor(deps.clock() / 1000);
  const authTime = Math.floor(family.auth_time / 1000);
  const amr = family.amr;
  const acr = acrFor(amr);
  const accessToken = signAccessToken(deps, {
    subject: family.user_id,
    audience: request.audience,
    claims: { scope: request.scope, azp: family.client_id, auth_time: authTime, amr, acr },
  });

  const body: Record<string, unknown> = {
    access_token: accessToken,
    token_type: "Bearer",
    expires_in: deps.accessTokenTtl,
    scope: request.scope,
  };
  const scopes = splitScope(request.scope);
  if (scopes.includes("openid")) {
    body.id_token = await signIdToken(deps, request, { accessToken, iat, authTime, scopes });
  }
  if (request.refreshToken !== undefined) body.refresh_token = request.refreshToken;
  return { ...body, ...request.extra };
}

async function signIdToken(
  deps: IssuerDeps,
  request: TokenRequest,
  at: { accessToken: string; iat: number; authTime: number; scopes: string[] },
): Promise<string> {
  const { family } = request;
  // Claims of the user's profile only when a scope asks for them (one read).
  const user =
    at.scopes.includes("email") || at.scopes.includes("profile")
      ? await findUserById(deps.db, family.user_id)
      : undefined;
  const key = deps.signingKeys.idToken;
  return signJwt(key, "JWT", {
    // OIDC Core §3.1.3.6: lets the client check the access token came with this id_token.
    at_hash: leftHalfHash(at.accessToken),
    auth_time: at.authTime,
    amr: family.amr,
    acr: acrFor(family.amr),
    azp: family.client_id,
    ...(request.nonce ? { nonce: request.nonce } : {}),
    ...(user && at.scopes.includes("email")
      ? { email: user.email, email_verified: user.email_verified }
      : {}),
    ...(user?.name && at.scopes.includes("profile") ? { name: user.name } : {}),
    iss: deps.issuer,
    sub: family.user_id,
    aud: family.client_id,
    iat: at.iat,
    exp: at.iat + 3600,
  });
}

/** base64url of the left half of SHA-256 (RS256's hash) of `value`: at_hash, OIDC Core §3.1.3.6. */
export function leftHalfHash(value: string): string {
  const digest = createHash("sha256").update(value, "ascii").digest();
  return digest.subarray(0, digest.length / 2).toString("base64url");
}
