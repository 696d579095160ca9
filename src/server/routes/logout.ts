import type { RequestCookieJar } from "../cookies/request-cookie-jar.js";
import type { Core } from "../core.js";
import type { Session } from "../session/session.js";
import { clearPendingStepUp } from "../step-up-cookie.js";
import { logoutConfirmPage } from "./logout-confirm-page.js";
import { assertSameOrigin } from "./origin-check.js";
import { redirect } from "./respond.js";
import { returnUrl, safeReturnTo } from "./return-to.js";
import type { RouteHandler } from "./route-context.js";

/**
 * `GET /auth/logout?returnTo=`: revokes the session's refresh token at the
 * issuer (RFC 7009; the issuer revokes its whole family), clears the session
 * cookies, then ends the issuer's session (OIDC RP-Initiated Logout 1.0 §2)
 * and comes back to `returnTo` (a same-origin path, default "/").
 *
 * Only when the navigation started on our own origin, or with the user
 * (typed, bookmarked: `Sec-Fetch-Site: none`, or a browser too old to say).
 * When another site sent the browser here, a forced sign-out is a nuisance
 * any page could cause (logout CSRF): the answer is a page that asks, whose
 * button posts to `POST /auth/logout`, which checks the origin.
 *
 * A revocation that fails (issuer down, timeout) does not keep the user
 * signed in: the cookies are cleared all the same, since a sign-out that can
 * be refused by an outage is worse than a refresh token left to its idle
 * lifetime. The issuer's end-session step that follows revokes every family
 * born of its login session, which covers that token too whenever the
 * browser still has the issuer's session.
 */
export const logout: RouteHandler = async (request, { core, cookies }) => {
  const site = request.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") {
    return logoutConfirmPage(`${core.config.prefix}/logout`, returnToOf(request, core));
  }
  return redirect(await signOut(request, core, cookies));
};

/** `POST /auth/logout?returnTo=`: the confirmation page's button; same-origin requests only. */
export const confirmedLogout: RouteHandler = async (request, { core, cookies }) => {
  assertSameOrigin(request, core.config.appBaseUrl);
  // 303: the browser follows with a GET, as after any form post.
  return redirect(await signOut(request, core, cookies), 303);
};

const returnToOf = (request: Request, core: Core) =>
  safeReturnTo(new URL(request.url).searchParams.get("returnTo"), core.config.appBaseUrl);

/** Signs out (see `logout`); answers where the browser goes next. */
async function signOut(request: Request, core: Core, cookies: RequestCookieJar): Promise<URL> {
  const returnTo = returnToOf(request, core);
  const session = await core.sessions.read(cookies);
  await revokeQuietly(core, session);
  core.sessions.clear(cookies);
  clearPendingStepUp(core, cookies);
  const target = returnUrl(returnTo, core.config.appBaseUrl);
  const as = await core.oauth.getServer().catch(() => undefined);
  if (!as?.end_session_endpoint) return target;
  const url = new URL(as.end_session_endpoint);
  if (session?.idToken) url.searchParams.set("id_token_hint", session.idToken);
  // The serialized URL ("https://app.example.com/", the form clients register);
  // any other returnTo must be registered on the issuer as it is.
  url.searchParams.set("post_logout_redirect_uri", target.href);
  url.searchParams.set("client_id", core.config.clientId);
  return url;
}

async function revokeQuietly(core: Core, session: Session | null): Promise<void> {
  if (!session) return;
  core.refreshes.forget(session.sid);
  if (!session.refreshToken) return;
  try {
    await core.oauth.revoke(session.refreshToken);
  } catch {
    // Decided above: sign-out goes on. The error carries nothing the user could act on.
  }
}
