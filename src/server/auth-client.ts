import type { AccessToken, User } from "../types/index.js";
import { getAccessToken, type GetAccessTokenOptions } from "./access-token.js";
import type { AuthClientOptions } from "./config.js";
import { resolveCookieJar, type CookieContext } from "./cookies/next-cookies.js";
import { createRequestCookieJar } from "./cookies/request-cookie-jar.js";
import { createCore, nowSeconds, type Core } from "./core.js";
import { fetchWithToken, type FetchWithTokenOptions } from "./fetch-with-token.js";
import { createServerMfaApi, type ServerMfaApi } from "./mfa/server-mfa-api.js";
import { dispatch } from "./routes/route-table.js";
import { requireStepUp, type RequireStepUpOptions } from "./step-up-guard.js";

/** A session older than this (seconds since its last write) is re-sealed by the middleware. */
const ROLLING_TOUCH_AFTER = 60;

/**
 * The server SDK: `/auth/*` routes, the session, access tokens per audience
 * and the MFA API. One instance per app; it caches discovery and derived keys.
 *
 * @example
 * export const auth = new AuthClient(); // configured from STEPUP_* / APP_BASE_URL
 * try {
 *   const { token } = await auth.getAccessToken({ audience: "https://api.example.com/payments" });
 * } catch (err) {
 *   if (err instanceof MfaRequiredError) return err.toResponse(); // 403 with the sealed context
 *   throw err;
 * }
 * @throws TypeError naming a missing or invalid option.
 */
export class AuthClient {
  /** `getAuthenticators / enroll / challenge / verify`, taking the sealed context as `mfaToken`. */
  readonly mfa: ServerMfaApi;
  readonly #core: Core;

  constructor(options?: AuthClientOptions) {
    this.#core = createCore(options);
    this.mfa = createServerMfaApi(this.#core);
  }

  /** Answers the `/auth/*` routes; undefined for any other path. */
  handler(request: Request): Promise<Response | undefined> {
    return dispatch(this.#core, request);
  }

  /**
   * For Next.js `proxy.ts`/middleware: the `/auth/*` routes, otherwise
   * `NextResponse.next()`, with the session cookie re-sealed when due (rolling expiry).
   */
  async middleware(request: Request): Promise<Response> {
    const answer = await this.handler(request);
    if (answer) return answer;
    const { NextResponse } = await import("next/server.js");
    const next = NextResponse.next();
    // A server action may write the session itself; a re-seal of the old one
    // in the same response would race with that write (as for API routes).
    if (request.headers.has("next-action")) return next;
    const cookies = createRequestCookieJar(request);
    const session = await this.#core.sessions.read(cookies);
    if (!session || nowSeconds(this.#core) - session.updatedAt < ROLLING_TOUCH_AFTER) return next;
    await this.#core.sessions.write(cookies, session);
    const touched = cookies.applyTo(new Response(null));
    for (const header of touched.headers.getSetCookie()) next.headers.append("set-cookie", header);
    return next;
  }

  /** The signed-in user, or null. */
  async getSession(context?: CookieContext): Promise<{ user: User } | null> {
    const session = await this.#core.sessions.read(await resolveCookieJar(context));
    return session ? { user: session.user } : null;
  }

  /**
   * An access token for `audience` (and `scope`): the cached one while it has
   * more than 30 s left, else a refresh grant; the session cookie is updated.
   * @throws MfaRequiredError when the API needs a step-up (`err.mfaToken` is the sealed context).
   * @throws StepUpError `unauthorized` (no session), `invalid_grant`, `network_error`, …
   */
  async getAccessToken(
    options: GetAccessTokenOptions,
    context?: CookieContext,
  ): Promise<AccessToken> {
    return getAccessToken(this.#core, await resolveCookieJar(context), options);
  }

  /**
   * `fetch` to an API with the session's access token for `options.audience`
   * (and `scope`, `maxAge`) as the bearer. When the API answers an RFC 9470
   * 401 `insufficient_user_authentication`, runs a forced refresh with its
   * `max_age` and calls once more; an issuer that wants an MFA for it answers
   * `mfa_required`, thrown as MfaRequiredError (wrap the route in `withStepUp`
   * and the browser gets its 403). Resolves with the API's last answer, like
   * `fetch`. Only call URLs you chose: the token goes to `input`.
   * @throws MfaRequiredError, StepUpError `unauthorized` (no session),
   *   `network_error` (the API or the issuer could not be reached), …
   * @example
   * export const POST = withStepUp(async (request: Request) =>
   *   auth.fetchWithToken("https://api.example.com/payments", {
   *     audience: "https://api.example.com/payments",
   *     method: "POST",
   *     headers: { "content-type": "application/json" },
   *     body: await request.text(),
   *   }),
   * );
   */
  async fetchWithToken(
    input: RequestInfo | URL,
    options: FetchWithTokenOptions,
    context?: CookieContext,
  ): Promise<Response> {
    return fetchWithToken(this.#core, await resolveCookieJar(context), input, options);
  }

  /**
   * For `proxy.ts`/middleware on a guarded path: lets the request through when
   * the session has (or can refresh) a token for `audience` meeting its policy;
   * else answers 303 to `stepUpPath` with the sealed context in a short-lived
   * httpOnly cookie (never in the URL), or to `/auth/login` without a session.
   * The step-up page reads the context with `getStepUpContext()` and resumes
   * to `returnTo` (default: the requested path) after `mfa.verify`.
   * @example
   * if (request.nextUrl.pathname.startsWith("/billing")) {
   *   return auth.requireStepUp(request, { audience: PAYMENTS, stepUpPath: "/step-up" });
   * }
   * return auth.middleware(request);
   * @throws TypeError for a `stepUpPath` that is not a same-origin path.
   */
  requireStepUp(request: Request, options: RequireStepUpOptions): Promise<Response> {
    return requireStepUp(this.#core, request, createRequestCookieJar(request), options);
  }
}
