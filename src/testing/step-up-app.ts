import { randomBytes, randomUUID } from "node:crypto";
import type { IssuerOptions } from "../issuer/options.js";
import { createMfaClient } from "../client/mfa-client.js";
import { AuthClient } from "../server/auth-client.js";
import type { AuthClientOptions } from "../server/config.js";
import { createCookieJar, type CookieJar } from "../server/cookies/cookie-jar.js";
import type { MfaApi } from "../types/index.js";
import { absorbSetCookies, cookieHeader } from "./browser-cookies.js";
import { signInThroughHostedLogin } from "./sign-in.js";
import { startTestIssuer, type TestIssuer } from "./start-test-issuer.js";

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

export interface StepUpAppOptions {
  /** Options of the test issuer (`startTestIssuer`), e.g. more `apis`. */
  issuer?: Partial<IssuerOptions>;
  /** Options of the app's AuthClient beyond the issuer, client and secret it is wired with. */
  auth?: Partial<AuthClientOptions>;
  /** The app's origin; default `http://app.test` (the test issuer's registered callback). */
  url?: string;
  /** The app's own routes (route handlers under test); pass `context` on to `auth.*` calls. */
  handler?: TestAppHandler;
  /** Wraps the fetch the SDK uses to reach the issuer, e.g. to count or fail requests. */
  wrapFetch?: (fetch: typeof globalThis.fetch) => typeof globalThis.fetch;
}

export interface StepUpApp {
  /** The in-process issuer the app signs in with (its clock, outbox, store). */
  issuer: TestIssuer;
  /** The app's AuthClient, on the issuer's clock. */
  auth: AuthClient;
  /**
   * Another server of the same app (same secret, client and options, its own
   * memory), as behind a load balancer: a session cookie works on both.
   */
  anotherInstance(): AuthClient;
  /** The app's origin. */
  url: string;
  /**
   * A new browser, signed in through `/auth/login` → the hosted login page →
   * `/auth/callback`, as the issuer's test user unless `user` is given.
   * @throws Error when the sign-in does not end on the app's callback
   */
  signIn(options?: {
    returnTo?: string;
    user?: { email: string; password: string };
  }): Promise<TestBrowser>;
  /** A browser with no cookies. */
  newBrowser(): TestBrowser;
  close(): Promise<void>;
}

const DEFAULT_URL = "http://app.test";

/**
 * An app and its issuer in one process, with no network: an AuthClient wired
 * to `startTestIssuer`, sharing its clock, and scripted browsers that call
 * the app's routes (the SDK's `/auth/*`, then the app's own `handler`). A
 * step-up test runs in milliseconds: advance `issuer.clock` instead of waiting.
 * @example
 * const app = await startStepUpApp({ handler: (request, context) => myRoute(request, context) });
 * const browser = await app.signIn();
 * const answer = await browser.fetch("/api/payments", { method: "POST", body: "{}" });
 * // 403 mfa_required → browser.mfa.verify({ mfaToken, otp }) → send again
 */
export async function startStepUpApp(options: StepUpAppOptions = {}): Promise<StepUpApp> {
  const url = new URL(options.url ?? DEFAULT_URL).origin;
  const issuer = await startTestIssuer({
    ...(options.url
      ? {
          clients: [
            {
              clientId: "test-client",
              clientSecret: randomUUID(),
              redirectUris: [`${url}/auth/callback`],
              postLogoutRedirectUris: [`${url}/`],
              name: "Test app",
            },
          ],
        }
      : {}),
    ...options.issuer,
  });
  const secret = randomBytes(32).toString("base64url");
  const anotherInstance = () =>
    new AuthClient({
      issuerBaseUrl: issuer.url,
      clientId: issuer.clientId,
      clientSecret: issuer.clientSecret,
      secret,
      appBaseUrl: url,
      clock: issuer.clock.now,
      ...options.auth,
      fetch: options.wrapFetch ? options.wrapFetch(issuer.fetch) : issuer.fetch,
    });
  const auth = anotherInstance();

  const newBrowser = (): TestBrowser => {
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
  };

  const signIn: StepUpApp["signIn"] = async ({ returnTo = "/", user = issuer.user } = {}) => {
    const browser = newBrowser();
    const login = await browser.fetch(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
    const callbackUrl = await signInThroughHostedLogin({
      authorizeUrl: login.headers.get("location") ?? "",
      fetch: issuer.fetch,
      email: user.email,
      password: user.password,
    });
    const callback = await browser.fetch(callbackUrl);
    if (callback.status !== 302) {
      throw new Error(`The callback answered ${callback.status}: ${await callback.text()}`);
    }
    return browser;
  };

  return { issuer, auth, anotherInstance, url, signIn, newBrowser, close: () => issuer.close() };
}
