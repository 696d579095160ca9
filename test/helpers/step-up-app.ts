/**
 * A test app: the SDK (AuthClient) wired to the in-process test issuer, and a
 * "browser" that keeps cookies and calls the app's /auth routes through
 * `auth.handler`. Only public entry points are used.
 */
import { createMfaClient } from "../../src/client/index.js";
import {
  AuthClient,
  createCookieJar,
  MfaRequiredError,
  type CookieJar,
} from "../../src/server/index.js";
import type { IssuerOptions } from "../../src/issuer/index.js";
import {
  signInThroughHostedLogin,
  startTestIssuer,
  type TestIssuer,
} from "../../src/testing/index.js";
import { absorbSetCookies, cookieHeader } from "../fakes/browser-cookies.js";

export const APP = "http://app.test";
export const PAYMENTS = "https://api.example.com/payments";
export const MFA_CONTEXT_TTL = 300;

export interface Browser {
  cookies: CookieJar;
  /** Sends a request to the app as this browser would (its cookies, its Origin on non-GET). */
  fetch: typeof fetch;
}

export interface StepUpApp {
  t: TestIssuer;
  auth: AuthClient;
  /** Another app server of the same app (same secret and client, its own memory), as behind a load balancer. */
  anotherInstance(): AuthClient;
  /** A fresh browser, signed in through /auth/login → hosted login → /auth/callback. */
  signIn(returnTo?: string): Promise<Browser>;
  /** A browser with no cookies. */
  newBrowser(): Browser;
  close(): Promise<void>;
}

export interface StepUpAppOptions {
  /** Options of the test issuer (e.g. more `apis`). */
  issuer?: Partial<IssuerOptions>;
  /** Wraps the fetch the SDK uses to reach the issuer, e.g. to count requests. */
  wrapFetch?: (fetch: typeof globalThis.fetch) => typeof globalThis.fetch;
}

export async function startStepUpApp(options: StepUpAppOptions = {}): Promise<StepUpApp> {
  const t = await startTestIssuer(options.issuer);
  const anotherInstance = () =>
    new AuthClient({
      issuerBaseUrl: t.url,
      clientId: t.clientId,
      clientSecret: t.clientSecret,
      secret: "flow-test-secret-that-is-long-enough-0123456789",
      appBaseUrl: APP,
      mfaContextTtl: MFA_CONTEXT_TTL,
      fetch: options.wrapFetch ? options.wrapFetch(t.fetch) : t.fetch,
      clock: t.clock.now,
    });
  const auth = anotherInstance();

  const newBrowser = (): Browser => {
    const cookies = createCookieJar();
    const browserFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(new URL(String(input), APP), init);
      const headers = new Headers(request.headers);
      const cookie = cookieHeader(cookies);
      if (cookie) headers.set("cookie", cookie);
      if (request.method !== "GET" && !headers.has("origin")) headers.set("origin", APP);
      const response = await auth.handler(new Request(request, { headers }));
      if (!response) return new Response("not found", { status: 404 });
      absorbSetCookies(cookies, response);
      return response;
    }) as typeof fetch;
    return { cookies, fetch: browserFetch };
  };

  const signIn = async (returnTo = "/dashboard"): Promise<Browser> => {
    const browser = newBrowser();
    const login = await browser.fetch(`${APP}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
    const callbackUrl = await signInThroughHostedLogin({
      authorizeUrl: login.headers.get("location") ?? "",
      fetch: t.fetch,
      email: t.user.email,
      password: t.user.password,
    });
    const callback = await browser.fetch(callbackUrl);
    if (callback.status !== 302)
      throw new Error(`callback answered ${callback.status}: ${await callback.text()}`);
    return browser;
  };

  return { t, auth, anotherInstance, signIn, newBrowser, close: () => t.close() };
}

/** The browser-side MFA API of this browser (next-stepup/client over the app's routes). */
export function mfaClientFor(browser: Browser) {
  return createMfaClient({ baseUrl: APP, fetch: browser.fetch });
}

/** The JWT payload, unverified: the test only reads claims the issuer put there. */
export function claimsOf(jwt: string): Record<string, unknown> {
  const payload = jwt.split(".")[1] ?? "";
  return JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
}

/** getAccessToken for the payments API, which must fail with mfa_required; returns the error. */
export async function requireStepUp(app: StepUpApp, browser: Browser): Promise<MfaRequiredError> {
  const error = await app.auth
    .getAccessToken({ audience: PAYMENTS }, { cookies: browser.cookies })
    .catch((e: unknown) => e);
  if (!(error instanceof MfaRequiredError)) {
    throw new Error(`expected mfa_required, got ${String(error)}`, { cause: error });
  }
  return error;
}
