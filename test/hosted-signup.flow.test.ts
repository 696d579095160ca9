import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import { decodeJwt } from "jose";
import {
  readLatestCode,
  readOutbox,
  signInForTokens,
  startTestIssuer,
  type TestIssuer,
} from "../src/testing/index.js";
import { alertOf, authorizeRequest, HostedBrowser } from "./helpers/hosted-browser.js";

const PAPE_MFA = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

let t: TestIssuer;
beforeAll(async () => {
  t = await startTestIssuer();
});
afterAll(() => t.close());

async function login(browser: HostedBrowser, user: { email: string; password: string }) {
  const page = await browser.get(authorizeRequest(t).url);
  const response = await browser.submit(await page.text(), "/login", user);
  return { response };
}

describe("hosted sign-up and login hints", () => {
  it("switches between sign-up and login without JavaScript (plain form posts)", async () => {
    const browser = new HostedBrowser(t.fetch, t.url);
    const page = await browser.get(authorizeRequest(t, { screen_hint: "signup" }).url);
    const toLogin = await browser.submit(await page.text(), "/login", { screen: "login" });
    expect(toLogin.status).toBe(200);
    const loginHtml = await toLogin.text();
    expect(loginHtml).toMatch(/name="password" type="password" autocomplete="current-password"/);
    expect(alertOf(loginHtml)).toBeUndefined();
    const toSignup = await browser.submit(loginHtml, "/signup", { screen: "signup" });
    expect(toSignup.status).toBe(200);
    const signupHtml = await toSignup.text();
    expect(signupHtml).toMatch(/autocomplete="new-password"/);
    expect(alertOf(signupHtml)).toBeUndefined();
    // Without screen_hint=signup, the login page offers no sign-up.
    const plain = await browser.get(authorizeRequest(t).url);
    expect(await plain.text()).not.toContain("/signup");
  });

  it("prefills login_hint", async () => {
    const page = await t.fetch(authorizeRequest(t, { login_hint: "a@b.test" }).url);
    expect(await page.text()).toMatch(/<input id="email" name="email"[^>]*value="a@b\.test"/);
  });

  it("signs up with screen_hint=signup, then continues into the MFA enrollment", async () => {
    const browser = new HostedBrowser(t.fetch, t.url);
    const page = await browser.get(
      authorizeRequest(t, { screen_hint: "signup", acr_values: PAPE_MFA, login_hint: "n@x.test" })
        .url,
    );
    const html = await page.text();
    expect(html).toMatch(/<label for="name">Name<\/label>/);
    expect(html).toMatch(/autocomplete="new-password"/);
    expect(html).toMatch(/value="n@x\.test"/);
    const email = `new-${randomBytes(6).toString("hex")}@example.com`;

    const short = await browser.submit(html, "/signup", { email, name: "N", password: "short" });
    expect(short.status).toBe(400);
    const shortHtml = await short.text();
    expect(alertOf(shortHtml)).toBeDefined();
    expect(shortHtml).toMatch(/id="password"[^>]*autofocus[^>]*aria-invalid="true"/);

    const badEmail = await browser.submit(html, "/signup", {
      email: "nope",
      password: "long enough pw",
    });
    expect(badEmail.status).toBe(400);

    const created = await browser.submit(html, "/signup", {
      email,
      name: "New Person",
      password: "long enough pw",
    });
    expect(created.status).toBe(200);
    const verifyHtml = await created.text();
    expect(verifyHtml).toMatch(/Check your email/);
    const verified = await browser.submit(verifyHtml, "/signup/verify", {
      code: await readLatestCode(t, email),
    });
    expect(verified.status).toBe(200);
    expect(await verified.text()).toMatch(/Set up an authenticator app/);

    // The same email again, from a fresh sign-up page: the same answer, no account change.
    const other = new HostedBrowser(t.fetch, t.url);
    const again = await other.get(authorizeRequest(t, { screen_hint: "signup" }).url);
    const duplicate = await other.submit(await again.text(), "/signup", {
      email: email.toUpperCase(),
      name: "Someone",
      password: "another password",
    });
    expect(duplicate.status).toBe(200);
    expect(alertOf(await duplicate.text())).toBeUndefined();
    // The first password still signs in.
    const { response } = await login(new HostedBrowser(t.fetch, t.url), {
      email,
      password: "long enough pw",
    });
    expect(response.status).toBe(302);
  });
});

describe("sign-up verifies the address and never reveals whether it is taken", () => {
  /** Opens the sign-up page and submits it; returns the browser and the answer. */
  async function signUp(email: string, password = "long enough pw") {
    const browser = new HostedBrowser(t.fetch, t.url);
    const page = await browser.get(authorizeRequest(t, { screen_hint: "signup" }).url);
    const response = await browser.submit(await page.text(), "/signup", {
      email,
      name: "N",
      password,
    });
    return { browser, response, html: await response.text() };
  }

  /** The page without what differs between two runs (the transaction id). */
  const shape = (html: string) => html.replace(/value="[^"]{20,}"/g, 'value="…"');

  it("answers a taken address exactly like a new one; its owner gets a note, not a code", async () => {
    const taken = `taken-${randomBytes(5).toString("hex")}@example.com`;
    const fresh = `fresh-${randomBytes(5).toString("hex")}@example.com`;
    await signUp(taken);
    const before = await readOutbox(t, { to: taken });
    const first = await signUp(fresh);
    const second = await signUp(taken, "someone else's pw");
    expect(second.response.status).toBe(first.response.status);
    expect(shape(second.html).replace(taken, "X")).toBe(shape(first.html).replace(fresh, "X"));
    const notes = (await readOutbox(t, { to: taken })).slice(0, -before.length || undefined);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.text).not.toMatch(/\b\d{6}\b/);
    // No code works for the taken address's check: each answer is refused like a wrong one.
    // Even the code the real owner's own sign-up was sent.
    const ownersCode = /\b(\d{6})\b/.exec(before[0]!.text)![1]!;
    for (const code of ["000000", ownersCode]) {
      const answer = await second.browser.submit(second.html, "/signup/verify", { code });
      expect(answer.status).toBe(401);
    }
  });

  it("emits email_verified false until the code is entered, true after", async () => {
    const email = `v-${randomBytes(5).toString("hex")}@example.com`;
    const { browser, html } = await signUp(email);
    // Not verified yet: a password sign-in works, and says so in the ID token.
    const early = await signInForTokens({ ...t, user: { email, password: "long enough pw" } });
    expect(decodeJwt(early.id_token!).email_verified).toBe(false);
    const wrong = await browser.submit(html, "/signup/verify", { code: "000000" });
    expect(wrong.status).toBe(401);
    expect(alertOf(await wrong.text())).toBeDefined();
    const right = await browser.submit(html, "/signup/verify", {
      code: await readLatestCode(t, email),
    });
    expect(right.status).toBe(302);
    const later = await signInForTokens({ ...t, user: { email, password: "long enough pw" } });
    expect(decodeJwt(later.id_token!).email_verified).toBe(true);
    const userinfo = await t.fetch(`${t.url}/userinfo`, {
      headers: { authorization: `Bearer ${later.access_token}` },
    });
    expect(((await userinfo.json()) as { email_verified: boolean }).email_verified).toBe(true);
  });

  it("allows five wrong codes per sign-up, then asks to start again", async () => {
    const email = `w-${randomBytes(5).toString("hex")}@example.com`;
    const { browser, html } = await signUp(email);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await browser.submit(html, "/signup/verify", { code: "999999" })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const right = await browser.submit(html, "/signup/verify", {
      code: await readLatestCode(t, email),
    });
    expect(right.status).toBe(429);
  });
});
