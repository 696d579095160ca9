import type * as oauth from "oauth4webapi";
import { StepUpError } from "../../errors/index.js";
import { decodeBase64Url } from "../../shared/base64url.js";
import { randomToken } from "../../shared/random.js";
import type { Transaction } from "../oauth/transaction.js";
import { applyTokenResponse } from "./apply-token-response.js";
import { pickUser, type Session } from "./session.js";

/** A fresh session from a login's token answer (the callback's normal path). */
export function startSession(
  response: oauth.TokenEndpointResponse,
  claims: oauth.IDToken,
  transaction: Transaction,
  now: number,
): Session {
  const session: Session = {
    sid: randomToken(16),
    user: pickUser(claims),
    idToken: response.id_token!,
    ...(response.refresh_token ? { refreshToken: response.refresh_token } : {}),
    tokenSets: [],
    createdAt: now,
    updatedAt: now,
  };
  // Only a token for a named API is worth keeping; one for the userinfo endpoint is not.
  if (!transaction.audience) return session;
  return applyTokenResponse(
    session,
    response,
    { audience: transaction.audience, scope: transaction.scope },
    now,
  ).session;
}

/**
 * Folds a popup login into the session it stepped up, keeping its sid (MFA
 * contexts stay bound) and its other token sets. The access token is stored
 * for the requested (audience, scope) only when the issuer really issued it
 * for that audience: an issuer may answer the code grant with a token for its
 * userinfo endpoint instead. The rotated refresh token and the new ID token
 * are kept either way: they carry the fresh authentication.
 * @throws StepUpError `user_mismatch` when the popup signed in another user;
 *   the caller then leaves the session as it was.
 */
export function mergeLogin(
  session: Session,
  response: oauth.TokenEndpointResponse,
  claims: oauth.IDToken,
  transaction: Transaction,
  now: number,
): Session {
  if (claims.sub !== session.user.sub) {
    throw new StepUpError("user_mismatch", undefined, { operation: "login" });
  }
  const { audience } = transaction;
  if (audience && isTokenFor(response.access_token, audience)) {
    const target = { audience, scope: transaction.scope };
    return applyTokenResponse(session, response, target, now).session;
  }
  return {
    ...session,
    ...(response.refresh_token ? { refreshToken: response.refresh_token } : {}),
    idToken: response.id_token!,
    user: { ...session.user, ...pickUser(claims) },
  };
}

/**
 * Does the access token name `audience` in its `aud` claim? Read without a
 * signature check: the token came from the token endpoint over TLS in this
 * very request, and this only decides where to file it; an opaque token is
 * not for a named API.
 */
function isTokenFor(accessToken: string, audience: string): boolean {
  try {
    const payload = JSON.parse(
      new TextDecoder().decode(decodeBase64Url(accessToken.split(".")[1] ?? "")),
    ) as { aud?: unknown } | null;
    const aud = payload?.aud;
    return aud === audience || (Array.isArray(aud) && aud.includes(audience));
  } catch {
    return false;
  }
}
