import { createLocalJWKSet, decodeJwt, jwtVerify } from "jose";
import { z } from "zod";
import { sha256Hex } from "../crypto/hash.js";
import type { IssuerDeps } from "../deps.js";
import { queryParams } from "../http/body.js";
import { clearCookie, COOKIE, readCookie } from "../http/cookies.js";
import { htmlResponse, redirectResponse } from "../http/respond.js";
import { optionalParam } from "../http/validate.js";
import { endLoginSession } from "../store/login-sessions.js";
import { revokeLoginSessionFamilies } from "../store/refresh-tokens.js";
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
 * this session: their refresh tokens stop working at once), and redirects to `post_logout_redirect_uri` only when it is registered for the
 * client (named by client_id or the id_token_hint's audience). An expired
 * id_token_hint is fine; a forged one is not.
 */
export async function handleLogout(request: Request, deps: IssuerDeps): Promise<Response> {
  const parsed = schema.safeParse(queryParams(request));
  if (!parsed.success)
    return page(400, "Sign-out error", "The sign-out request is malformed.", true);
  const input = parsed.data;
  const hintClient = input.id_token_hint
    ? await clientFromHint(input.id_token_hint, deps)
    : undefined;
  if (input.id_token_hint && hintClient === null)
    return page(400, "Sign-out error", "The id_token_hint is invalid.", true);
  if (input.client_id && hintClient && input.client_id !== hintClient) {
    return page(400, "Sign-out error", "client_id does not match the id_token_hint.", true);
  }
  const clientId = input.client_id ?? hintClient ?? undefined;
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

/** The hint's client id (its `aud`), undefined when absent, null when the signature fails. */
async function clientFromHint(hint: string, deps: IssuerDeps): Promise<string | null> {
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
    return typeof payload.aud === "string" ? payload.aud : (payload.aud?.[0] ?? null);
  } catch {
    return null;
  }
}

function page(status: number, heading: string, message: string, isError = false): Response {
  return htmlResponse(renderMessagePage({ heading, message, isError }), status);
}
