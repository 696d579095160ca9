import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import { startTestIssuer, type TestIssuer } from "../src/testing/index.js";
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
    expect(await created.text()).toMatch(/Set up an authenticator app/);

    // The same email again, from a fresh sign-up page: a neutral error, no account change.
    const other = new HostedBrowser(t.fetch, t.url);
    const again = await other.get(authorizeRequest(t, { screen_hint: "signup" }).url);
    const duplicate = await other.submit(await again.text(), "/signup", {
      email: email.toUpperCase(),
      name: "Someone",
      password: "another password",
    });
    expect(duplicate.status).toBe(409);
    expect(alertOf(await duplicate.text())).toBeDefined();
    // The first password still signs in.
    const { response } = await login(new HostedBrowser(t.fetch, t.url), {
      email,
      password: "long enough pw",
    });
    expect(response.status).toBe(302);
  });
});
