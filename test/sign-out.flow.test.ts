import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { createCookieJar, StepUpError, type CookieJar } from "../src/server/index.js";
import { issuerSession } from "./helpers/issuer-session.js";
import { APP, startStepUpApp, type StepUpApp } from "./helpers/step-up-app.js";

// Issue 9.4: a sign-out ends the refresh tokens too, so a copied session
// cookie is worth nothing afterwards.

const ORDERS = "https://api.example.com/orders";

// One issuer for the file; each test signs in anew. The SDK→issuer fetch
// records revocations and can be made to fail them.
let app: StepUpApp;
const revocations: URLSearchParams[] = [];
let revokeFails = false;
beforeAll(async () => {
  app = await startStepUpApp({
    issuer: { apis: [{ audience: ORDERS, scopes: ["orders:read"] }] },
    wrapFetch: (inner) =>
      (async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = new Request(input, init);
        if (new URL(request.url).pathname === "/oauth/revoke") {
          if (revokeFails) throw new TypeError("fetch failed");
          revocations.push(new URLSearchParams(await request.clone().text()));
        }
        return inner(request);
      }) as typeof fetch,
  });
});
afterAll(() => app.close());
beforeEach(() => {
  revocations.length = 0;
  revokeFails = false;
});

/** What an attacker who copied the cookie holds. */
const copyOf = (jar: CookieJar) => createCookieJar(jar.getAll());

async function refreshWith(started: StepUpApp, cookies: CookieJar): Promise<string> {
  try {
    await started.auth.getAccessToken({ audience: ORDERS, refresh: true }, { cookies });
    return "ok";
  } catch (error) {
    return error instanceof StepUpError ? error.code : String(error);
  }
}

describe("sign-out revokes the session's refresh tokens", () => {
  it("SDK logout revokes at the issuer (RFC 7009, client auth) before clearing the cookie", async () => {
    const browser = await app.signIn();
    await expect(refreshWith(app, browser.cookies)).resolves.toBe("ok");
    const copied = copyOf(browser.cookies);

    const logout = await browser.fetch(`${APP}/auth/logout`);
    expect(logout.status).toBe(302);
    expect(browser.cookies.get("__stepup_session")).toBeUndefined();
    expect(revocations).toHaveLength(1);
    expect(revocations[0]!.get("token_type_hint")).toBe("refresh_token");
    expect(revocations[0]!.get("client_id")).toBe(app.issuer.clientId);
    expect(revocations[0]!.get("client_secret")).toBe(app.issuer.clientSecret);

    // The copied cookie's refresh token is dead: no new access token from it.
    await expect(refreshWith(app, copied)).resolves.toBe("invalid_grant");
  });

  it("another site cannot sign the user out: a cross-site GET asks, and only our origin's POST signs out", async () => {
    const browser = await app.signIn();
    const copied = copyOf(browser.cookies);

    const asked = await browser.fetch(`${APP}/auth/logout?returnTo=/dashboard`, {
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(asked.status).toBe(200);
    await expect(asked.text()).resolves.toContain('action="/auth/logout?returnTo=%2Fdashboard"');
    const forged = await browser.fetch(`${APP}/auth/logout?returnTo=/dashboard`, {
      method: "POST",
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(forged.status).toBe(403);
    expect(revocations).toHaveLength(0);
    await expect(refreshWith(app, copied)).resolves.toBe("ok");

    const confirmed = await browser.fetch(`${APP}/auth/logout?returnTo=/dashboard`, {
      method: "POST",
      headers: { origin: APP, "sec-fetch-site": "same-origin" },
    });
    expect(confirmed.status).toBe(303);
    expect(browser.cookies.get("__stepup_session")).toBeUndefined();
    expect(revocations).toHaveLength(1);
  });

  it("a failed revocation still signs the user out, and the issuer's logout revokes the family", async () => {
    const issuer = issuerSession(app);
    const browser = app.newBrowser();
    await issuer.signIn(browser);
    const copied = copyOf(browser.cookies);
    revokeFails = true;

    const logout = await browser.fetch(`${APP}/auth/logout`);
    // Signed out here whatever the issuer said…
    expect(logout.status).toBe(302);
    expect(browser.cookies.get("__stepup_session")).toBeUndefined();
    await expect(browser.fetch(`${APP}/auth/profile`)).resolves.toMatchObject({ status: 401 });
    // …and the end-session step, with the browser's issuer session, revokes what it started.
    const endSession = await issuer.hosted.get(logout.headers.get("location")!);
    expect([endSession.status, endSession.headers.get("location")]).toEqual([302, `${APP}/`]);
    await expect(refreshWith(app, copied)).resolves.toBe("invalid_grant");
  });

  it("the issuer's logout revokes the families of its login session only", async () => {
    const laptop = issuerSession(app);
    const phone = issuerSession(app);
    const onLaptop = app.newBrowser();
    const alsoOnLaptop = app.newBrowser();
    const onPhone = app.newBrowser();
    await laptop.signIn(onLaptop);
    await laptop.signIn(alsoOnLaptop);
    await phone.signIn(onPhone);

    // Signing out at the issuer directly, without an id_token_hint: the
    // issuer asks first ("Sign out?"), and the user confirms.
    const url = new URL(`${app.issuer.url}/oidc/logout`);
    url.searchParams.set("client_id", app.issuer.clientId);
    const asked = await laptop.hosted.get(url.href);
    expect(asked.status).toBe(200);
    const confirmed = await laptop.hosted.submit(await asked.text(), "/oidc/logout");
    expect(confirmed.status).toBe(200);

    await expect(refreshWith(app, onLaptop.cookies)).resolves.toBe("invalid_grant");
    await expect(refreshWith(app, alsoOnLaptop.cookies)).resolves.toBe("invalid_grant");
    await expect(refreshWith(app, onPhone.cookies)).resolves.toBe("ok");
  });
});
