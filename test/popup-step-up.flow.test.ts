import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import { insertUserIfAbsent } from "../src/issuer/store/users.js";
import { isPopupMessageFor } from "../src/shared/popup-message.js";
import { generateTotp } from "../src/testing/index.js";
import { HostedBrowser } from "./helpers/hosted-browser.js";
import {
  APP,
  claimsOf,
  PAYMENTS,
  requireStepUp,
  startStepUpApp,
  type Browser,
  type StepUpApp,
} from "./helpers/step-up-app.js";

const NONCE = "flow-test-popup-nonce-0123456789";

let app: StepUpApp;
/** Token-endpoint calls the SDK made (to tell a merged token from a refreshed one). */
let tokenCalls = 0;
beforeEach(async () => {
  tokenCalls = 0;
  app = await startStepUpApp({
    wrapFetch: (fetch) => (input, init) => {
      if (String(input instanceof Request ? input.url : input).endsWith("/oauth/token")) {
        tokenCalls += 1;
      }
      return fetch(input, init);
    },
  });
});
afterEach(async () => {
  await app.close();
});

/**
 * The popup, scripted: the opener's `/auth/login?popup=1` → the issuer's hosted
 * login and TOTP enrollment (in the popup's own issuer session) → the app's
 * callback, whose page is returned.
 */
async function runPopup(browser: Browser, user: { email: string; password: string }) {
  const query = new URLSearchParams({
    popup: "1",
    popup_nonce: NONCE,
    audience: PAYMENTS,
    scope: "payments:write",
  });
  const login = await browser.fetch(`${APP}/auth/login?${query}`);
  expect(login.status).toBe(302);
  const issuer = new HostedBrowser(app.issuer.fetch, app.issuer.url);
  const loginPage = await issuer.get(login.headers.get("location")!);
  const enroll = await issuer.submit(await loginPage.text(), "/login", user);
  expect(enroll.status).toBe(200);
  const enrollHtml = await enroll.text();
  const secret = /<code class="secret">([^<]+)<\/code>/.exec(enrollHtml)![1]!.replace(/ /g, "");
  const codes = await issuer.submit(enrollHtml, "/login/mfa/verify", {
    code: await generateTotp(secret, app.issuer.clock.now()),
  });
  const done = await issuer.submit(await codes.text(), "/login/mfa/continue");
  expect(done.status).toBe(302);
  const callback = await browser.fetch(done.headers.get("location")!);
  const html = await callback.text();
  const data: unknown = JSON.parse(/var m=(\{[^;]*\}),sent/.exec(html)?.[1] ?? "null");
  if (!isPopupMessageFor(data, NONCE)) throw new Error(`no popup message in ${html}`);
  return { status: callback.status, html, message: data };
}

describe("popup step-up against the in-process issuer", () => {
  it("runs the hosted MFA in the popup and merges the payments token into the session", async () => {
    const browser = await app.signIn();
    const before = (await app.auth.getSession({ cookies: browser.cookies }))!;
    await requireStepUp(app, browser);

    const { status, html, message } = await runPopup(browser, app.issuer.user);
    expect(status).toBe(200);
    expect(message).toEqual({ type: "next-stepup:popup", nonce: NONCE, ok: true });
    expect(html).not.toMatch(/eyJ/);

    const after = (await app.auth.getSession({ cookies: browser.cookies }))!;
    expect(after.user.sub).toBe(before.user.sub);
    const callsAfterPopup = tokenCalls;
    const token = await app.auth.getAccessToken(
      { audience: PAYMENTS, scope: "payments:write" },
      { cookies: browser.cookies },
    );
    // Served from the session: the popup's code grant put it there.
    expect(tokenCalls).toBe(callsAfterPopup);
    const claims = claimsOf(token.token);
    expect(claims.aud).toBe(PAYMENTS);
    expect(claims.sub).toBe(before.user.sub);
    expect(claims.amr).toEqual(expect.arrayContaining(["mfa", "otp"]));
    expect(String(claims.scope).split(" ")).toContain("payments:write");
    // The popup's rotated refresh token carries the MFA: other scopes of the API refresh without a step-up.
    await expect(
      app.auth.getAccessToken({ audience: PAYMENTS }, { cookies: browser.cookies }),
    ).resolves.toMatchObject({ audience: PAYMENTS });
  });

  it("refuses a popup sign-in as another user and leaves the session as it was", async () => {
    const browser = await app.signIn();
    const sealed = browser.cookies.get("__stepup_session");
    const id = randomBytes(9).toString("base64url");
    const other = { email: `${id.toLowerCase()}@example.com`, password: `pw-${id}` };
    await insertUserIfAbsent(app.issuer.issuer.db, {
      id,
      email: other.email,
      name: "Someone Else",
      password_hash: await app.issuer.issuer.hashPassword(other.password),
      created_at: app.issuer.clock.now(),
    });

    const { status, message } = await runPopup(browser, other);
    expect(status).toBe(403);
    expect(message).toMatchObject({ ok: false, error: { error: "user_mismatch" } });
    expect(browser.cookies.get("__stepup_session")).toBe(sealed);
    const session = await app.auth.getSession({ cookies: browser.cookies });
    expect(session?.user.email).toBe(app.issuer.user.email);
    await requireStepUp(app, browser);
  });
});
