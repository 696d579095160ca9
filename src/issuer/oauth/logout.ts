import { createLocalJWKSet, decodeJwt, jwtVerify } from "jose";
import { z } from "zod";
import { sha256Hex } from "../crypto/hash.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import { queryParams, readParams } from "../http/body.js";
import { clearCookie, COOKIE, readCookie } from "../http/cookies.js";
import { htmlResponse, redirectResponse } from "../http/respond.js";
import { optionalParam } from "../http/validate.js";
import { endLoginSession, findLoginSession } from "../store/login-sessions.js";
import { revokeLoginSessionFamilies } from "../store/refresh-tokens.js";
import { renderLogoutConfirmPage } from "../ui/logout-page.js";
import { renderMessagePage } from "../ui/message-page.js";

const schema = z.object({
  id_token_hint: optionalParam,
  post_logout_redirect_uri: optionalParam,
  client_id: optionalParam,
  state: optionalParam,
});

/**
 * GET /oidc/logout (OIDC RP-Initiated Logout 1.0): ends the issuer session,
 * revokes every refresh family born of it (each app that signed in through
 * this session: their refresh tokens stop working at once), and redirects
 * to `post_logout_redirect_uri` only when it is registered for the client
 * (named by client_id or the id_token_hint's audience). An expired
 * id_token_hint is fine; a forged one is not.
 *
 * It signs out at once only when the request shows where it comes from: an
 * id_token_hint issued to this session's user (an application the user
 * signed in to), or a navigation the user started here (`Sec-Fetch-Site`
 * `same-origin` or `none`). Anything else (a link or redirect on some other
 * site, a request without a hint) gets a "Sign out?" page (§2: the OP
 * should ask), whose button posts the request back: `POST /oidc/logout`,
 * accepted from the issuer's own origin only.
 */
export async function handleLogout(request: Request, deps: IssuerDeps): Promise<Response> {
  const confirmed = request.method === "POST";
  if (confirmed && !fromIssuerOrigin(request, deps)) {
    return page(403, "Sign-out error", "This sign-out form was submitted from another site.", true);
  }
  const params = confirmed ? await readParams(request, LIMITS.maxBodyBytes) : queryParams(request);
  const parsed = schema.safeParse(params);
  if (!parsed.success)
    return page(400, "Sign-out error", "The sign-out request is malformed.", true);
  const input = parsed.data;
  const hint = input.id_token_hint ? await readHint(input.id_token_hint, deps) : undefined;
  if (input.id_token_hint && hint === null)
    return page(400, "Sign-out error", "The id_token_hint is invalid.", true);
  if (input.client_id && hint && input.client_id !== hint.clientId) {
    return page(400, "Sign-out error", "client_id does not match the id_token_hint.", true);
  }
  const clientId = input.client_id ?? hint?.clientId ?? undefined;
  const client = clientId ? deps.clients.get(clientId) : undefined;
  if (
    input.post_logout_redirect_uri &&
    !client?.postLogoutRedirectUris?.includes(input.post_logout_redirect_uri)
  ) {
    return page(
      400,
      "Sign-out error",
      "The post_logout_redirect_uri is not registered for this application.",
      true,
    );
  }

  const sessionId = readCookie(request, COOKIE.session);
  if (sessionId) {
    const sessionHash = sha256Hex(sessionId);
    const session = await findLoginSession(deps.db, sessionHash, deps.clock());
    const shown =
      confirmed ||
      (hint?.subject !== undefined && hint.subject === session?.user_id) ||
      ["same-origin", "none"].includes(request.headers.get("sec-fetch-site") ?? "");
    if (session && !shown) {
      return htmlResponse(
        renderLogoutConfirmPage({
          action: `${deps.issuer}/oidc/logout`,
          clientId,
          postLogoutRedirectUri: input.post_logout_redirect_uri,
          state: input.state,
        }),
        200,
        {},
        // The form's post redirects there (CSP form-action covers redirects).
        input.post_logout_redirect_uri && new URL(input.post_logout_redirect_uri).origin,
      );
    }
    await endLoginSession(deps.db, sessionHash, deps.clock());
    await revokeLoginSessionFamilies(deps.db, sessionHash, deps.clock());
  }
  const headers = new Headers();
  headers.append("set-cookie", clearCookie(COOKIE.session, deps.secureCookies));
  if (!input.post_logout_redirect_uri) {
    return htmlResponse(
      renderMessagePage({ heading: "Signed out", message: "You are signed out." }),
      200,
      headers,
    );
  }
  const target = new URL(input.post_logout_redirect_uri);
  if (input.state !== undefined) target.searchParams.set("state", input.state);
  return redirectResponse(target.toString(), headers);
}

/**
 * The hint's client (its `aud`) and user (`sub`); undefined when absent, null
 * when the signature fails.
 */
async function readHint(
  hint: string,
  deps: IssuerDeps,
): Promise<{ clientId: string; subject: string | undefined } | null> {
  try {
    const { payload } = await jwtVerify(
      hint,
      createLocalJWKSet({ keys: deps.signingKeys.publicJwks }),
      {
        issuer: deps.issuer,
        algorithms: ["RS256"],
        // Expiry does not matter for a logout hint (RP-Initiated Logout §2).
        currentDate: new Date(((decodeJwt(hint).iat ?? 0) + 1) * 1000),
      },
    );
    const clientId = typeof payload.aud === "string" ? payload.aud : payload.aud?.[0];
    return clientId === undefined ? null : { clientId, subject: payload.sub };
  } catch {
    return null;
  }
}

/**
 * Refuses a form post from another origin, as the hosted login form does.
 * A post without an Origin comes from no browser (every browser sends it on
 * a form post), and a cross-site post carries no session cookie anyway
 * (SameSite=Lax): it could end nothing.
 */
function fromIssuerOrigin(request: Request, deps: IssuerDeps): boolean {
  const origin = request.headers.get("origin");
  return !origin || origin === "null" || origin === new URL(deps.issuer).origin;
}

function page(status: number, heading: string, message: string, isError = false): Response {
  return htmlResponse(renderMessagePage({ heading, message, isError }), status);
}
