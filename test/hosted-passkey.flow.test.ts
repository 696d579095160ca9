// A passkey on the issuer's hosted MFA page: the page (its CSP-hashed script,
// the no-JavaScript fallback), and the answer its script posts, produced here
// by a software authenticator in place of the browser.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createHash } from "node:crypto";
import { decodeJwt } from "jose";
import { startTestIssuer, type TestIssuer } from "../src/testing/index.js";
import { SoftAuthenticator } from "./fakes/soft-authenticator.js";
import {
  alertOf,
  authorizeRequest,
  HostedBrowser,
  unescapeHtml,
} from "./helpers/hosted-browser.js";
import { mfaCall, newUserAtStepUp, tokenCall } from "./helpers/issuer-calls.js";

const PAPE_MFA = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";
const APP = "http://app.test";
// The issuer on a subdomain of the app's domain: one RP ID (app.test) serves both origins.
const ISSUER = "http://auth.app.test";

let t: TestIssuer;
beforeAll(async () => {
  t = await startTestIssuer({ issuer: ISSUER });
}, 120_000);
afterAll(() => t.close());

/** A new user with a passkey registered through the MFA API on the app's origin. */
async function passkeyUser() {
  const s = await newUserAtStepUp(t);
  const authenticator = new SoftAuthenticator();
  const enrollment = await mfaCall(t, "/mfa/associate", s.mfaToken, {
    authenticator_types: ["webauthn"],
  });
  const done = await tokenCall(t, {
    grant_type: "urn:next-stepup:grant-type:mfa-webauthn",
    mfa_token: s.mfaToken,
    oob_code: enrollment.body.oob_code,
    webauthn_response: JSON.stringify(
      authenticator.register(enrollment.body.options, { origin: APP }),
    ),
  });
  expect(done.status).toBe(200);
  return { ...s, authenticator, passkeyId: enrollment.body.id as string };
}

/** Signs in on the hosted page with acr_values asking for MFA: the answer is the passkey page. */
async function atPasskeyPage(user: { email: string; password: string }) {
  const browser = new HostedBrowser(t.fetch, t.url);
  const request = authorizeRequest(t, { acr_values: PAPE_MFA, prompt: "login" });
  const page = await browser.get(request.url);
  const response = await browser.submit(await page.text(), "/login", {
    email: user.email,
    password: user.password,
  });
  return { browser, response, verifier: request.verifier };
}

function optionsOf(html: string) {
  const json = /<script type="application\/json" id="passkey-options">([^<]*)<\/script>/.exec(html);
  return JSON.parse(json![1]!);
}

describe("hosted passkey step", () => {
  it("shows the passkey page with a CSP-hashed script, and signs in with the passkey (amr mfa + hwk)", async () => {
    const user = await passkeyUser();
    const { browser, response, verifier } = await atPasskeyPage(user);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<h1>Use your passkey<\/h1>/);
    // The CSP allows exactly the page's inline script, by its hash.
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const hash = createHash("sha256").update(script, "utf8").digest("base64");
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toContain(`script-src 'sha256-${hash}';`);
    expect(csp).not.toContain("unsafe-inline'; form");
    const options = optionsOf(html);
    expect(options).toEqual(
      expect.objectContaining({ rpId: "app.test", userVerification: "required" }),
    );
    expect(options.allowCredentials).toHaveLength(1);

    const answer = user.authenticator.authenticate(options, { origin: ISSUER });
    const done = await browser.submit(html, "/login/mfa/verify", { code: JSON.stringify(answer) });
    expect(done.status).toBe(302);
    const location = new URL(done.headers.get("location")!);
    expect(location.origin).toBe(APP);
    const tokens = await tokenCall(t, {
      grant_type: "authorization_code",
      code: location.searchParams.get("code")!,
      redirect_uri: t.redirectUri,
      code_verifier: verifier,
    });
    expect(decodeJwt(tokens.body.id_token).amr).toEqual(expect.arrayContaining(["mfa", "hwk"]));
  });

  it("without JavaScript the page says a passkey needs it and offers the user's other methods", async () => {
    const user = await passkeyUser();
    const { browser, response } = await atPasskeyPage(user);
    const html = await response.text();
    expect(unescapeHtml(/id="passkey-needs-script">([^<]*)</.exec(html)![1]!)).toMatch(
      /Passkeys need JavaScript/,
    );
    // The button appears only when the script runs.
    expect(html).toMatch(/<button type="button" id="passkey-start" hidden>/);
    const picker = await browser.submit(html, "/login/mfa/choose");
    expect(picker.status).toBe(200);
    expect(await picker.text()).toMatch(/value="recovery-code\|/);
  });

  it("refuses an answer from the app's origin, a replayed answer, and an empty one", async () => {
    const user = await passkeyUser();
    const { browser, response } = await atPasskeyPage(user);
    const html = await response.text();
    const options = optionsOf(html);

    // On the hosted page only the issuer's origin may answer.
    const wrong = user.authenticator.authenticate(options, { origin: APP });
    const refused = await browser.submit(html, "/login/mfa/verify", {
      code: JSON.stringify(wrong),
    });
    expect(refused.status).toBe(401);
    const again = await refused.text();
    expect(alertOf(again)).toMatch(/passkey could not be verified/);
    // The refused ceremony is spent: the right answer to it no longer works.
    const right = user.authenticator.authenticate(options, { origin: ISSUER });
    const spent = await browser.submit(again, "/login/mfa/verify", { code: JSON.stringify(right) });
    expect(spent.status).toBe(401);

    const empty = await browser.submit(await spent.text(), "/login/mfa/verify", { code: "" });
    expect(empty.status).toBe(400);
    const emptyHtml = await empty.text();
    expect(alertOf(emptyHtml)).toMatch(/Use your passkey/);
    expect(
      (await browser.submit(emptyHtml, "/login/mfa/verify", { code: "{not json" })).status,
    ).toBe(401);
  });

  it("an answer to another sign-in's page is refused", async () => {
    const user = await passkeyUser();
    const first = await atPasskeyPage(user);
    const firstHtml = await first.response.text();
    const second = await atPasskeyPage(user);
    const secondHtml = await second.response.text();
    const answer = user.authenticator.authenticate(optionsOf(firstHtml), { origin: ISSUER });
    const crossed = await second.browser.submit(secondHtml, "/login/mfa/verify", {
      code: JSON.stringify(answer),
    });
    expect(crossed.status).toBe(401);
  });

  it("the passkey is listed for the picker as 'Passkey'", async () => {
    const user = await passkeyUser();
    const { browser, response } = await atPasskeyPage(user);
    const picker = await browser.submit(await response.text(), "/login/mfa/choose");
    const html = await picker.text();
    expect(html).toContain(`value="${user.passkeyId}" checked autofocus>`);
    expect(html).toMatch(/<label for="factor-0">Passkey<\/label>/);
  });
});
