import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { HOSTILE_RETURN_PATHS } from "./helpers/hostile-return-paths.js";
import { issuerSession, type IssuerSession } from "./helpers/issuer-session.js";
import {
  APP,
  PAYMENTS,
  startStepUpApp,
  type Browser,
  type StepUpApp,
} from "./helpers/step-up-app.js";

// Issue 9.1: every place that accepts a return path, driven through the real
// routes and the real issuer, with every hostile payload: wherever the user's
// browser ends up is on the app's origin.

let app: StepUpApp;
/** One issuer session for the whole file: after the first password, /authorize answers at once. */
let issuer: IssuerSession;
beforeAll(async () => {
  // One session steps up once per payload of the table, far more than the
  // issuer's default supply of 30 mfa_tokens per sign-in and minute.
  app = await startStepUpApp({ issuer: { mfaTokensPerFamilyPerMinute: 1000 } });
  issuer = issuerSession(app);
});
afterAll(async () => {
  await app.close();
});

const cases = HOSTILE_RETURN_PATHS.map((payload) => [JSON.stringify(payload), payload] as const);

/** Where a browser goes for a Location header sent by `from`. */
function resolve(location: string | null, from: string): URL {
  expect(location).not.toBeNull();
  return new URL(location!, from);
}

describe("no open redirect through any return path (issue 9.1)", () => {
  it.each(cases)("login: after a real sign-in, returnTo=%s lands on the app", async (_n, path) => {
    const browser = app.newBrowser();
    const login = await browser.fetch(`${APP}/auth/login?returnTo=${encodeURIComponent(path)}`);
    const callback = await issuer.complete(browser, login);
    expect(callback.status).toBe(302);
    expect(resolve(callback.headers.get("location"), APP).origin).toBe(APP);
  });

  it.each(cases)("popup: returnTo=%s never becomes a redirect", async (_n, path) => {
    const browser = app.newBrowser();
    const query = new URLSearchParams({
      popup: "1",
      popup_nonce: "open-redirect-popup-nonce-0123",
      returnTo: path,
    });
    const login = await browser.fetch(`${APP}/auth/login?${query}`);
    const callback = await issuer.complete(browser, login);
    // The popup's callback answers its reporting page, never a Location.
    expect(callback.status).toBe(200);
    expect(callback.headers.get("location")).toBeNull();
    expect(await callback.text()).not.toContain("evil.example");
  });

  it.each(cases)("logout: returnTo=%s ends on the app or on the issuer", async (_n, path) => {
    const browser = app.newBrowser();
    const url = `${APP}/auth/logout?returnTo=${encodeURIComponent(path)}`;
    // The confirmation page (another site sent the browser) links back to the app only.
    const asked = await browser.fetch(url, { headers: { "sec-fetch-site": "cross-site" } });
    const stay = /<a href="([^"]*)">Stay signed in<\/a>/.exec(await asked.text())![1]!;
    expect(resolve(stay.replace(/&amp;/g, "&"), APP).origin).toBe(APP);
    // The confirmation's POST redirects as the GET does.
    const posted = await browser.fetch(url, { method: "POST", headers: { origin: APP } });
    expect(posted.status).toBe(303);
    expect(resolve(posted.headers.get("location"), APP).origin).toBe(app.issuer.url);
    const logout = await browser.fetch(url);
    expect(logout.status).toBe(302);
    const endSession = resolve(logout.headers.get("location"), APP);
    expect(endSession.origin).toBe(app.issuer.url);
    const back = endSession.searchParams.get("post_logout_redirect_uri");
    expect(new URL(back!).origin).toBe(APP);
    // The issuer redirects only to a registered URI; any redirect is to the app.
    const answer = await app.issuer.fetch(endSession.href, { redirect: "manual" });
    if (answer.status >= 300 && answer.status < 400) {
      expect(resolve(answer.headers.get("location"), app.issuer.url).origin).toBe(APP);
    } else {
      expect(answer.status).toBe(400);
    }
  });

  describe("step-up: the pending step-up cookie and the proxy guard", () => {
    let signedIn: Browser;
    beforeAll(async () => {
      signedIn = app.newBrowser();
      const login = await signedIn.fetch(`${APP}/auth/login`);
      await issuer.complete(signedIn, login);
    });

    /** The guard's answer for a page request of `browser` (as proxy.ts runs it). */
    async function guard(browser: Browser, url: string, returnTo?: string) {
      const cookie = browser.cookies
        .getAll()
        .map(({ name, value }) => `${name}=${encodeURIComponent(value)}`)
        .join("; ");
      const response = await app.auth.requireStepUp(new Request(url, { headers: { cookie } }), {
        audience: PAYMENTS,
        stepUpPath: "/step-up",
        ...(returnTo !== undefined ? { returnTo } : {}),
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair = ""] = line.split(";");
        const index = pair.indexOf("=");
        browser.cookies.set(pair.slice(0, index), decodeURIComponent(pair.slice(index + 1)), {});
      }
      return response;
    }

    async function pendingReturnTo(browser: Browser): Promise<string> {
      const answer = await browser.fetch(`${APP}/auth/mfa/context`, { method: "POST" });
      expect(answer.status).toBe(200);
      return ((await answer.json()) as { return_to: string }).return_to;
    }

    it.each(cases)("requireStepUp({ returnTo: %s }) resumes on the app", async (_n, path) => {
      const redirect = await guard(signedIn, `${APP}/billing`, path);
      expect(redirect.status).toBe(303);
      expect(resolve(redirect.headers.get("location"), APP).origin).toBe(APP);
      const returnTo = await pendingReturnTo(signedIn);
      expect(returnTo.startsWith("//") || returnTo.startsWith("/\\")).toBe(false);
      expect(new URL(returnTo, APP).origin).toBe(APP);
    });

    it.each(cases)("a planted step-up cookie with r=%s resumes on the app", async (_n, path) => {
      await guard(signedIn, `${APP}/billing`);
      const name = "__stepup_session_mfa";
      const planted = JSON.parse(signedIn.cookies.get(name)!) as { c: string; r: string };
      signedIn.cookies.set(name, JSON.stringify({ ...planted, r: path }), {});
      const returnTo = await pendingReturnTo(signedIn);
      expect(returnTo.startsWith("//") || returnTo.startsWith("/\\")).toBe(false);
      expect(new URL(returnTo, APP).origin).toBe(APP);
    });

    it.each(cases.filter(([, path]) => path.startsWith("/") && URL.canParse(`${APP}${path}`)))(
      "a signed-out visit to %s signs in and comes back on the app",
      async (_n, path) => {
        const browser = app.newBrowser();
        const toLogin = await guard(browser, `${APP}${path}`);
        expect(toLogin.status).toBe(303);
        const login = resolve(toLogin.headers.get("location"), APP);
        expect(login.origin + login.pathname).toBe(`${APP}/auth/login`);
        const callback = await issuer.complete(browser, await browser.fetch(login.href));
        expect(resolve(callback.headers.get("location"), APP).origin).toBe(APP);
      },
    );
  });
});
