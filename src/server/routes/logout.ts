import { redirect } from "./respond.js";
import type { RouteHandler } from "./route-context.js";

/**
 * `GET /auth/logout`: clears the session cookies, then ends the issuer's
 * session (OIDC RP-Initiated Logout 1.0 §2) and comes back to the app.
 */
export const logout: RouteHandler = async (_request, { core, cookies }) => {
  const session = await core.sessions.read(cookies);
  core.sessions.clear(cookies);
  const home = `${core.config.appBaseUrl.origin}/`;
  const as = await core.oauth.getServer().catch(() => undefined);
  if (!as?.end_session_endpoint) return redirect(home);
  const url = new URL(as.end_session_endpoint);
  if (session) url.searchParams.set("id_token_hint", session.idToken);
  // The serialized URL ("https://app.example.com/"), the form clients register.
  url.searchParams.set("post_logout_redirect_uri", core.config.appBaseUrl.href);
  url.searchParams.set("client_id", core.config.clientId);
  return redirect(url);
};
