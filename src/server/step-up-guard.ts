import { MfaRequiredError, StepUpError, TooManyAttemptsError } from "../errors/index.js";
import { getAccessToken } from "./access-token.js";
import type { RequestCookieJar } from "./cookies/request-cookie-jar.js";
import type { Core } from "./core.js";
import { safeReturnTo } from "./routes/return-to.js";
import { writePendingStepUp } from "./step-up-cookie.js";

/** Options of `auth.requireStepUp`. */
export interface RequireStepUpOptions {
  /** The API whose policy the page needs, e.g. `https://api.example.com/payments`. */
  audience: string;
  scope?: string;
  /** Seconds since the last authentication that are still acceptable (see getAccessToken). */
  maxAge?: number;
  /** The app's step-up page, a same-origin path such as `/step-up`. */
  stepUpPath: string;
  /** Where to resume after the step-up; default the requested path and query. Same-origin only. */
  returnTo?: string;
}

/** Either let the request through (its cookie jar may hold a refreshed session) or answer it. */
export type GuardOutcome = { pass: true } | { pass: false; response: Response };

/**
 * Asks for an access token for the audience; when the issuer wants a step-up,
 * answers a 303 to the step-up page with the sealed context in the pending
 * step-up cookie. Without a session, or with one whose refresh token the
 * issuer no longer accepts (then cleared), it sends the user to sign in
 * first; when the issuer refuses more step-ups for now, it answers 429.
 * @throws TypeError for a `stepUpPath` that is not a same-origin path.
 * @throws StepUpError other than `mfa_required`/`unauthorized` (e.g. `network_error`).
 */
export async function guardStepUp(
  core: Core,
  request: Request,
  cookies: RequestCookieJar,
  options: RequireStepUpOptions,
): Promise<GuardOutcome> {
  const { appBaseUrl, prefix } = core.config;
  const stepUpPath = safeReturnTo(options?.stepUpPath, appBaseUrl);
  if (stepUpPath === "/" && options?.stepUpPath !== "/") {
    throw new TypeError('next-stepup: requireStepUp "stepUpPath" must be a same-origin path');
  }
  const requested = new URL(request.url);
  const returnTo = safeReturnTo(
    options.returnTo ?? `${requested.pathname}${requested.search}`,
    appBaseUrl,
  );
  try {
    await getAccessToken(
      core,
      cookies,
      {
        audience: options.audience,
        ...(options.scope !== undefined ? { scope: options.scope } : {}),
        ...(options.maxAge !== undefined ? { maxAge: options.maxAge } : {}),
      },
      // The step-up page lists them itself; the redirect has no use for them.
      { listAuthenticators: false },
    );
    return { pass: true };
  } catch (error) {
    if (error instanceof MfaRequiredError) {
      writePendingStepUp(core, cookies, { mfaToken: error.mfaToken, returnTo });
      return { pass: false, response: seeOther(new URL(stepUpPath, appBaseUrl)) };
    }
    // invalid_grant: the session's refresh token was revoked or expired at the
    // issuer (a sign-out elsewhere, an admin MFA reset, its lifetime): the
    // session is over, so it is cleared and the user signs in again, as
    // without one, instead of meeting an error page.
    if (error instanceof StepUpError && error.code === "invalid_grant")
      core.sessions.clear(cookies);
    if (error instanceof StepUpError && ["unauthorized", "invalid_grant"].includes(error.code)) {
      const login = new URL(`${prefix}/login`, appBaseUrl);
      login.searchParams.set("returnTo", returnTo);
      return { pass: false, response: seeOther(login) };
    }
    // The issuer refuses more step-ups for now (mfa_tokens minted per minute,
    // attempt budgets): a coded 429 with Retry-After, not an error page.
    if (error instanceof TooManyAttemptsError) return { pass: false, response: error.toResponse() };
    throw error;
  }
}

/** 303: whatever the method of the guarded request, the step-up page is fetched with GET. */
function seeOther(location: URL): Response {
  return new Response(null, {
    status: 303,
    headers: { location: location.href, "cache-control": "no-store" },
  });
}

/**
 * `auth.requireStepUp`: the guard's answer, or `NextResponse.next()` carrying
 * any refreshed session both as Set-Cookie and in the request the page sees.
 * The page must see it: rendering with the old cookie would run the refresh
 * grant again with a refresh token the first grant already rotated.
 */
export async function requireStepUp(
  core: Core,
  request: Request,
  cookies: RequestCookieJar,
  options: RequireStepUpOptions,
): Promise<Response> {
  const outcome = await guardStepUp(core, request, cookies, options);
  if (!outcome.pass) return cookies.applyTo(outcome.response);
  const { NextResponse } = await import("next/server.js");
  const headers = new Headers(request.headers);
  const cookie = cookies
    .getAll()
    .map(({ name, value }) => `${name}=${encodeURIComponent(value)}`)
    .join("; ");
  if (cookie) headers.set("cookie", cookie);
  else headers.delete("cookie");
  const next = NextResponse.next({ request: { headers } });
  for (const header of cookies.applyTo(new Response(null)).headers.getSetCookie()) {
    next.headers.append("set-cookie", header);
  }
  return next;
}
