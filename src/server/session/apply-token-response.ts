import * as oauth from "oauth4webapi";
import { pickUser, withTokenSet, type Session, type TokenSet } from "./session.js";

/**
 * Folds a token-endpoint answer into the session: the token set for
 * (audience, requested scope) is replaced, and the rotated refresh token and
 * a newer ID token are kept (a rotated refresh token that is dropped would
 * revoke the whole family on its next use).
 */
export function applyTokenResponse(
  session: Session,
  response: oauth.TokenEndpointResponse,
  target: { audience: string; scope: string },
  nowSeconds: number,
): { session: Session; tokenSet: TokenSet } {
  const tokenSet: TokenSet = {
    audience: target.audience,
    scope: target.scope,
    accessToken: response.access_token,
    // Without expires_in the token's lifetime is unknown; treat it as short-lived.
    expiresAt: nowSeconds + (response.expires_in ?? 60),
    ...(response.scope ? { grantedScope: response.scope } : {}),
  };
  const claims = response.id_token ? oauth.getValidatedIdTokenClaims(response) : undefined;
  const next: Session = {
    ...withTokenSet(session, tokenSet),
    ...(response.refresh_token ? { refreshToken: response.refresh_token } : {}),
    ...(response.id_token ? { idToken: response.id_token } : {}),
    // A refreshed ID token may carry fewer claims than the login's; merge, never drop.
    ...(claims ? { user: { ...session.user, ...pickUser(claims) } } : {}),
  };
  return { session: next, tokenSet };
}
