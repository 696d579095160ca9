// Passkeys through the SDK (PROTOCOL.md part B): next-stepup/client's `mfa`
// over the app's /auth/mfa/* routes and the server's `auth.mfa`, against the
// real issuer, with real attestation and assertion objects from a software
// authenticator standing in for the browser's WebAuthn prompt.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createTestUser } from "../src/testing/index.js";
import { SoftAuthenticator } from "./fakes/soft-authenticator.js";
import {
  APP,
  claimsOf,
  PAYMENTS,
  requireStepUp,
  startStepUpApp,
  type Browser,
  type StepUpApp,
} from "./helpers/step-up-app.js";

const PAYEES = "https://api.example.com/payees";

// One app for the file; each test signs in its own new user.
let app: StepUpApp;
beforeAll(async () => {
  app = await startStepUpApp({
    issuer: {
      apis: [
        { audience: PAYMENTS, requireMfa: true, maxAge: 300, scopes: ["payments:write"] },
        // Passkey-only: a phishing-resistant factor, or a recovery code.
        {
          audience: PAYEES,
          requireMfa: true,
          maxAge: 300,
          scopes: ["payees:write"],
          factors: ["webauthn", "recovery-code"],
        },
      ],
    },
  });
}, 120_000);
afterAll(() => app.close());

async function newBrowser(): Promise<Browser> {
  return app.signIn({ user: await createTestUser(app.issuer) });
}

/** A signed-in new user who registered a passkey through `mfa` during a payment step-up. */
async function withPasskey(authenticator = new SoftAuthenticator()) {
  const user = await createTestUser(app.issuer);
  const browser = await app.signIn({ user });
  const { mfaToken } = await requireStepUp(app, browser);
  const enrollment = await browser.mfa.enroll({ mfaToken, factor: "webauthn", name: "Laptop" });
  if (enrollment.authenticatorType !== "webauthn") throw new TypeError("webauthn expected");
  const webauthnResponse = authenticator.register(enrollment.options, { origin: APP });
  await browser.mfa.verify({ mfaToken, oobCode: enrollment.oobCode, webauthnResponse });
  return { user, browser, authenticator, enrollment };
}

describe("passkeys through next-stepup/client", () => {
  it("enrolls during a payment: options for the app's RP ID, recovery codes, and the payment token after verify", async () => {
    const { browser, enrollment } = await withPasskey();
    expect(enrollment).toMatchObject({
      authenticatorType: "webauthn",
      id: expect.stringMatching(/^webauthn\|/),
      oobCode: expect.any(String),
      recoveryCodes: expect.any(Array),
    });
    // WebAuthn's own field names reach the browser untouched by the wire's renaming.
    expect(enrollment.options).toMatchObject({
      rp: { id: "app.test" },
      pubKeyCredParams: expect.any(Array),
      authenticatorSelection: { residentKey: "preferred", userVerification: "required" },
    });
    const token = await app.auth.getAccessToken({ audience: PAYMENTS }, browser.context);
    expect(claimsOf(token.token).amr).toEqual(expect.arrayContaining(["mfa", "hwk"]));
  });

  it("a new session steps up with the same passkey (its answer sent as JSON text)", async () => {
    const { authenticator, user, browser: first } = await withPasskey();
    const [listed] = await first.mfa.getAuthenticators({
      mfaToken: (await requireStepUpFresh(first)).mfaToken,
    });
    expect(listed).toMatchObject({
      type: "webauthn",
      authenticatorType: "webauthn",
      name: "Laptop",
      backupEligible: false,
      backedUp: false,
    });

    const second = await app.signIn({ user });
    const { mfaToken } = await requireStepUp(app, second);
    const challenge = await second.mfa.challenge({ mfaToken, challengeType: "webauthn" });
    expect(challenge).toMatchObject({
      challengeType: "webauthn",
      oobCode: expect.any(String),
      options: { rpId: "app.test", userVerification: "required" },
    });
    const answer = authenticator.authenticate(challenge.options!, { origin: APP });
    await expect(
      second.mfa.verify({
        mfaToken,
        oobCode: challenge.oobCode!,
        webauthnResponse: JSON.stringify(answer),
      }),
    ).resolves.toEqual({ success: true });
    await expect(
      app.auth.getAccessToken({ audience: PAYMENTS }, second.context),
    ).resolves.toMatchObject({ audience: PAYMENTS });
  });

  it("refuses an answer from another origin with invalid_grant, and a malformed one with invalid_request", async () => {
    const { authenticator, browser } = await withPasskey();
    const { mfaToken } = await requireStepUpFresh(browser);
    const challenge = await browser.mfa.challenge({ mfaToken, challengeType: "webauthn" });
    const phished = authenticator.authenticate(challenge.options!, { origin: "https://evil.test" });
    await expect(
      browser.mfa.verify({ mfaToken, oobCode: challenge.oobCode!, webauthnResponse: phished }),
    ).rejects.toMatchObject({ code: "invalid_grant", operation: "verify" });
    await expect(
      browser.mfa.verify({ mfaToken, oobCode: challenge.oobCode!, webauthnResponse: "x" }),
    ).rejects.toMatchObject({ code: "invalid_request" });
  });

  it("renames its passkey from the security settings, after a step-up for the MFA API", async () => {
    const { browser, enrollment } = await withPasskey();
    const renamed = await browser.mfa.renameAuthenticator(enrollment.id!, "Work phone");
    expect(renamed).toMatchObject({ id: enrollment.id, name: "Work phone", type: "webauthn" });
    await expect(browser.mfa.renameAuthenticator(enrollment.id!, " ")).rejects.toMatchObject({
      code: "invalid_request",
    });
  });
});

describe("passkeys through auth.mfa (server)", () => {
  it("enrolls and verifies with the server API, the response as an object", async () => {
    const browser = await newBrowser();
    const { mfaToken } = await requireStepUp(app, browser);
    const enrollment = await app.auth.mfa.enroll(
      { mfaToken, authenticatorTypes: ["webauthn"] },
      browser.context,
    );
    if (enrollment.authenticatorType !== "webauthn") throw new TypeError("webauthn expected");
    const webauthnResponse = new SoftAuthenticator({ deviceType: "multiDevice" }).register(
      enrollment.options,
      { origin: APP },
    );
    await expect(
      app.auth.mfa.verify(
        { mfaToken, oobCode: enrollment.oobCode, webauthnResponse },
        browser.context,
      ),
    ).resolves.toEqual({ success: true });
    const token = await app.auth.getAccessToken({ audience: PAYMENTS }, browser.context);
    expect(claimsOf(token.token).amr).toEqual(expect.arrayContaining(["mfa", "swk"]));
  });
});

describe("a passkey-only API", () => {
  it("offers only a passkey to a user without factors, and opens with it", async () => {
    const browser = await newBrowser();
    const error = await app.auth
      .getAccessToken({ audience: PAYEES }, browser.context)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "mfa_required",
      mfaRequirements: { enroll: [{ type: "webauthn" }] },
    });
    const { mfaToken } = error as { mfaToken: string };
    expect(await browser.mfa.getEnrollmentFactors({ mfaToken })).toEqual([
      { type: "webauthn", name: "webauthn" },
    ]);
    const enrollment = await browser.mfa.enroll({ mfaToken, factor: "webauthn" });
    if (enrollment.authenticatorType !== "webauthn") throw new TypeError("webauthn expected");
    await browser.mfa.verify({
      mfaToken,
      oobCode: enrollment.oobCode,
      webauthnResponse: new SoftAuthenticator().register(enrollment.options, { origin: APP }),
    });
    await expect(
      app.auth.getAccessToken({ audience: PAYEES }, browser.context),
    ).resolves.toMatchObject({ audience: PAYEES });
  });
});

/** A new step-up of this browser's session for the payments API, its token and MFA too old. */
async function requireStepUpFresh(browser: Browser) {
  // Past the access token's lifetime (600 s) and the API's max age (300 s).
  app.issuer.clock.advance(601);
  return requireStepUp(app, browser);
}
