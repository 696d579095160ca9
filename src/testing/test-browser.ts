import { createMfaClient } from "../client/mfa-client.js";
import type { AuthClient } from "../server/auth-client.js";
import { createCookieJar, type CookieJar } from "../server/cookies/cookie-jar.js";
import type { MfaApi } from "../types/index.js";
import { absorbSetCookies, cookieHeader } from "./browser-cookies.js";

/** A scripted browser of the test app: its cookies, and a fetch that sends them. */
export interface TestBrowser {
  cookies: CookieJar;
  /**
   * Sends a request to the app as this browser would: its cookies, and its
   * Origin on anything but GET. Relative URLs are on the app. The SDK's routes
   * answer first, then the app's own `handler`; Set-Cookie lands in `cookies`.
   */
  fetch: typeof fetch;
  /** `next-stepup/client`'s MFA API, as this browser's page would call it. */
  mfa: MfaApi;
  /** For server code called outside a Next.js request: `auth.getAccessToken(options, browser.context)`. */
  context: { cookies: CookieJar };
}

/** The app's own routes, called for paths the SDK does not answer. */
export type TestAppHandler = (
  request: Request,
  context: { cookies: CookieJar },
) => Response | undefined | Promise<Response | undefined>;

/**
 * A scripted browser of an app: `auth`'s routes (`/auth/*`) answer first,
 * then the app's own `handler`. Works with any authorization server the
 * AuthClient is wired to (the test issuer, or a fake of another).
 */
export function createTestBrowser(options: {
  auth: Pick<AuthClient, "handler">;
  /** The app's origin. */
  url: string;
  handler?: TestAppHandler;
}): TestBrowser {
  const { auth, url } = options;
  const cookies = createCookieJar();
  const browserFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(
      input instanceof Request ? input : new URL(String(input), url),
      init,
    );
    const headers = new Headers(request.headers);
    const cookie = cookieHeader(cookies);
    if (cookie) headers.set("cookie", cookie);
    if (request.method !== "GET" && !headers.has("origin")) headers.set("origin", url);
    const sent = new Request(request, { headers });
    const response =
      (await auth.handler(sent)) ??
      // The app's route writes the session into this browser's jar directly,
      // as Next.js's cookies() would end up in the browser.
      (await options.handler?.(sent, { cookies })) ??
      new Response("Not found", { status: 404 });
    absorbSetCookies(cookies, response);
    return response;
  }) as typeof fetch;
  return {
    cookies,
    fetch: browserFetch,
    mfa: createMfaClient({ baseUrl: url, fetch: browserFetch }),
    context: { cookies },
  };
}
