import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { StepUpError } from "../src/server/index.js";
import { generateTotp } from "../src/testing/index.js";
import {
  APP,
  claimsOf,
  mfaClientFor,
  PAYMENTS,
  requireStepUp,
  startStepUpApp,
  type Browser,
  type StepUpApp,
} from "./helpers/step-up-app.js";

let app: StepUpApp;
beforeEach(async () => {
  app = await startStepUpApp();
});
afterEach(async () => {
  await app.close();
});

/** Enrolls TOTP in `browser`'s step-up and confirms it; returns the secret and recovery codes. */
async function enrollTotp(browser: Browser): Promise<{ secret: string; recoveryCodes: string[] }> {
  const { mfaToken } = await requireStepUp(app, browser);
  const mfa = mfaClientFor(browser);
  const enrollment = await mfa.enroll({ mfaToken, authenticatorTypes: ["otp"] });
  if (enrollment.authenticatorType !== "otp") throw new Error("expected an otp enrollment");
  await expect(
    mfa.verify({ mfaToken, otp: await generateTotp(enrollment.secret, app.issuer.clock.now()) }),
  ).resolves.toEqual({ success: true });
  return { secret: enrollment.secret, recoveryCodes: enrollment.recoveryCodes ?? [] };
}

describe("step-up flow against the in-process issuer", () => {
  it("signs in through the hosted login page and shows the profile", async () => {
    const browser = await app.signIn({ returnTo: "/pay?amount=5" });
    expect((await app.auth.getSession({ cookies: browser.cookies }))?.user.email).toBe(
      app.issuer.user.email,
    );
    const profile = await browser.fetch(`${APP}/auth/profile`);
    await expect(profile.json()).resolves.toMatchObject({ email: app.issuer.user.email });
  });

  it("enrolls TOTP on the first step-up, then getAccessToken returns an MFA token", async () => {
    const browser = await app.signIn();
    const required = await requireStepUp(app, browser);
    expect(required.audience).toBe(PAYMENTS);
    expect(required.mfaRequirements.enroll?.map((r) => r.type)).toContain("otp");
    expect(required.toResponse().status).toBe(403);

    const mfa = mfaClientFor(browser);
    const enrollment = await mfa.enroll({
      mfaToken: required.mfaToken,
      authenticatorTypes: ["otp"],
    });
    expect(enrollment).toMatchObject({
      authenticatorType: "otp",
      barcodeUri: expect.stringMatching(/^otpauth:\/\/totp\//),
    });
    if (enrollment.authenticatorType !== "otp") throw new Error("otp expected");
    expect(enrollment.recoveryCodes?.length).toBeGreaterThan(0);

    const code = await generateTotp(enrollment.secret, app.issuer.clock.now());
    await expect(mfa.verify({ mfaToken: required.mfaToken, otp: code })).resolves.toEqual({
      success: true,
    });

    const token = await app.auth.getAccessToken(
      { audience: PAYMENTS },
      { cookies: browser.cookies },
    );
    const claims = claimsOf(token.token);
    expect(claims.aud).toBe(PAYMENTS);
    expect(claims.amr).toEqual(expect.arrayContaining(["mfa", "otp"]));
    // Served from the session now: the same token again, no new step-up.
    await expect(
      app.auth.getAccessToken({ audience: PAYMENTS }, { cookies: browser.cookies }),
    ).resolves.toMatchObject({ token: token.token });
  });

  it("a second session steps up with the enrolled factor", async () => {
    const first = await app.signIn();
    const { secret } = await enrollTotp(first);

    const second = await app.signIn();
    const required = await requireStepUp(app, second);
    expect(required.mfaRequirements.challenge?.map((r) => r.type)).toContain("otp");
    const mfa = mfaClientFor(second);
    const authenticators = await mfa.getAuthenticators({ mfaToken: required.mfaToken });
    expect(authenticators.filter((a) => a.type === "otp")).toHaveLength(1);

    // The code of the step just used is refused as a replay; the next step's code works.
    app.issuer.clock.advance(30);
    await expect(
      mfa.verify({
        mfaToken: required.mfaToken,
        otp: await generateTotp(secret, app.issuer.clock.now()),
      }),
    ).resolves.toEqual({ success: true });
    const token = await app.auth.getAccessToken(
      { audience: PAYMENTS },
      { cookies: second.cookies },
    );
    expect(claimsOf(token.token).amr).toContain("mfa");
  });

  it("a recovery code works once, then answers invalid_grant", async () => {
    const { recoveryCodes } = await enrollTotp(await app.signIn());
    const code = recoveryCodes[0]!;

    const second = await app.signIn();
    const once = await mfaClientFor(second).verify({
      mfaToken: (await requireStepUp(app, second)).mfaToken,
      recoveryCode: code,
    });
    expect(once.success).toBe(true);
    expect(once.recoveryCodesRemaining).toBe(recoveryCodes.length - 1);
    const token = await app.auth.getAccessToken(
      { audience: PAYMENTS },
      { cookies: second.cookies },
    );
    expect(claimsOf(token.token).amr).toContain("mfa");

    const third = await app.signIn();
    const error = (await mfaClientFor(third)
      .verify({ mfaToken: (await requireStepUp(app, third)).mfaToken, recoveryCode: code })
      .catch((e: unknown) => e)) as StepUpError;
    expect(error.code).toBe("invalid_grant");
    expect(error.operation).toBe("verify");
  });

  it("server-side auth.mfa does the same step-up without the routes", async () => {
    const browser = await app.signIn();
    const { mfaToken } = await requireStepUp(app, browser);
    const context = { cookies: browser.cookies };
    const enrollment = await app.auth.mfa.enroll(
      { mfaToken, authenticatorTypes: ["otp"] },
      context,
    );
    if (enrollment.authenticatorType !== "otp") throw new Error("otp expected");
    await app.auth.mfa.verify(
      { mfaToken, otp: await generateTotp(enrollment.secret, app.issuer.clock.now()) },
      context,
    );
    const token = await app.auth.getAccessToken({ audience: PAYMENTS }, context);
    expect(claimsOf(token.token).amr).toContain("mfa");
  });

  it("logout clears the session and ends the issuer session", async () => {
    const browser = await app.signIn();
    const logout = await browser.fetch(`${APP}/auth/logout`);
    const location = new URL(logout.headers.get("location") ?? "");
    expect(location.origin).toBe(app.issuer.url);
    expect(browser.cookies.getAll()).toEqual([]);
    const issuerAnswer = await app.issuer.fetch(location.toString(), { redirect: "manual" });
    expect(issuerAnswer.status).toBe(302);
    expect(issuerAnswer.headers.get("location")).toBe(`${APP}/`);
  });
});
