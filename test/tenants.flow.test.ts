/**
 * The SDK's step-up flows, written once and run against both authorization
 * servers it supports: our issuer, and the recorded Auth0 tenant. Where the
 * two differ on purpose (Auth0 keeps one recovery code and pairs a push
 * device with an OTP; the issuer keeps a set and has no such pair), the
 * assertion says which.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  MfaRequiredError,
  MfaTokenExpiredError,
  MfaTokenNotFoundError,
  MfaVerifyError,
  type StepUpError,
} from "../src/errors/index.js";
import type { TestBrowser } from "../src/testing/index.js";
import type { Enrollment } from "../src/types/index.js";
import { TENANTS, type Tenant, type TenantUser } from "./helpers/tenants.js";

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as StepUpError,
  );

describe.each(TENANTS)("against $name", ({ start }) => {
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await start({ mfaContextTtl: 300 });
  });
  afterAll(async () => {
    await tenant.close();
  });

  /** The step-up the API's token needs in `browser`'s session. */
  async function stepUp(browser: TestBrowser): Promise<MfaRequiredError> {
    const error = await rejection(
      tenant.auth.getAccessToken({ audience: tenant.audience }, browser.context),
    );
    if (!(error instanceof MfaRequiredError)) throw new Error(`expected mfa_required: ${error}`);
    return error;
  }

  /** A new user with an authenticator app enrolled; returns the secret and recovery codes. */
  async function userWithTotp(): Promise<{
    user: TenantUser;
    secret: string;
    recoveryCodes: string[];
  }> {
    const user = await tenant.newUser();
    const browser = await user.signIn();
    const { mfaToken } = await stepUp(browser);
    const enrollment = await browser.mfa.enroll({ mfaToken, authenticatorTypes: ["otp"] });
    if (enrollment.authenticatorType !== "otp") throw new Error("otp expected");
    await browser.mfa.verify({ mfaToken, otp: await tenant.totp(enrollment.secret) });
    return { user, secret: enrollment.secret, recoveryCodes: enrollment.recoveryCodes ?? [] };
  }

  /** Polls a push without waiting for real; the device answers after the first poll. */
  function devicePolls(user: TenantUser, answer: "approve" | "deny") {
    let polls = 0;
    return async () => {
      polls += 1;
      tenant.advance(6); // past both servers' slow_down gap
      if (polls === 2) await tenant.answerPush(user, answer);
    };
  }

  it("steps up with a sealed context; enrollment names map to our factor types", async () => {
    const browser = await (await tenant.newUser()).signIn();
    const required = await stepUp(browser);
    expect(required.mfaToken.split(".")).toHaveLength(5); // a JWE, never the raw token
    expect(required.mfa_token).toBe(required.mfaToken);
    expect(required.mfaRequirements.enroll?.length).toBeGreaterThan(0);
    const factors = await browser.mfa.getEnrollmentFactors({ mfaToken: required.mfaToken });
    const types = factors.map((factor) => factor.type);
    expect(types).toEqual(expect.arrayContaining(["otp", "sms", "push"]));
    // Auth0 says "phone" and "push-notification": kept as names, mapped as types.
    if (tenant.name === "auth0") {
      expect(factors).toEqual(
        expect.arrayContaining([
          { type: "sms", name: "phone" },
          { type: "voice", name: "phone" },
          { type: "push", name: "push-notification" },
        ]),
      );
    }
  });

  it("enrolls an authenticator app, then challenges and verifies it on a later step-up", async () => {
    const { user, secret } = await userWithTotp();
    const browser = await user.signIn();
    const { mfaToken, mfaRequirements } = await stepUp(browser);
    expect(mfaRequirements.challenge?.map((c) => c.type)).toContain("otp");
    const listed = await browser.mfa.getAuthenticators({ mfaToken });
    const app = listed.find((a) => a.type === "otp" && a.active)!;
    expect(app).toMatchObject({ authenticatorType: "otp", id: expect.stringMatching(/^totp\|/) });
    await expect(
      browser.mfa.challenge({ mfaToken, challengeType: "otp", authenticatorId: app.id }),
    ).resolves.toEqual({ challengeType: "otp" });
    await expect(browser.mfa.verify({ mfaToken, otp: await tenant.totp(secret) })).resolves.toEqual(
      { success: true },
    );
    const token = await tenant.auth.getAccessToken({ audience: tenant.audience }, browser.context);
    expect(token.audience).toBe(tenant.audience);
  });

  it("enrolls a phone by SMS, then challenges it with a new code", async () => {
    const user = await tenant.newUser();
    const phone = `+1555${Math.floor(1e6 + Math.random() * 8e6)}`;
    const first = await user.signIn();
    const enrolling = await stepUp(first);
    const enrollment = (await first.mfa.enroll({
      mfaToken: enrolling.mfaToken,
      authenticatorTypes: ["oob"],
      oobChannels: ["sms"],
      phoneNumber: phone,
    })) as Extract<Enrollment, { authenticatorType: "oob" }>;
    expect(enrollment).toMatchObject({ oobChannel: "sms", bindingMethod: "prompt" });
    await first.mfa.verify({
      mfaToken: enrolling.mfaToken,
      oobCode: enrollment.oobCode,
      bindingCode: await tenant.smsCode(phone),
    });

    const browser = await user.signIn();
    const { mfaToken } = await stepUp(browser);
    const sms = (await browser.mfa.getAuthenticators({ mfaToken })).find((a) => a.type === "sms")!;
    expect(sms).toMatchObject({ authenticatorType: "oob", oobChannel: "sms" });
    const challenge = await browser.mfa.challenge({
      mfaToken,
      challengeType: "oob",
      authenticatorId: sms.id,
    });
    expect(challenge).toMatchObject({ challengeType: "oob", bindingMethod: "prompt" });
    await expect(
      browser.mfa.verify({
        mfaToken,
        oobCode: challenge.oobCode!,
        bindingCode: await tenant.smsCode(phone),
      }),
    ).resolves.toEqual({ success: true });
  });

  it("enrolls a push device and verifies pushes by polling; a denied one is access_denied", async () => {
    const user = await tenant.newUser();
    const first = await user.signIn();
    const enrolling = await stepUp(first);
    const enrollment = await first.mfa.enroll({ mfaToken: enrolling.mfaToken, factor: "push" });
    if (enrollment.authenticatorType !== "oob") throw new Error("oob expected");
    expect(enrollment).toMatchObject({ oobChannel: "auth0", barcodeUri: expect.any(String) });
    expect(enrollment.bindingMethod).toBeUndefined();
    await expect(
      tenant.auth.mfa.verifyPush(
        {
          mfaToken: enrolling.mfaToken,
          oobCode: enrollment.oobCode,
          wait: devicePolls(user, "approve"),
        },
        first.context,
      ),
    ).resolves.toMatchObject({ success: true });

    const browser = await user.signIn();
    const { mfaToken, mfaRequirements } = await stepUp(browser);
    expect(mfaRequirements.challenge?.map((c) => c.type)).toContainEqual(
      tenant.name === "auth0" ? "push-notification" : "push",
    );
    const listed = await browser.mfa.getAuthenticators({ mfaToken });
    // A push device is a push factor (channel auth0), never an SMS one.
    const device = listed.find((a) => a.oobChannel === "auth0")!;
    expect(device).toMatchObject({ type: "push", authenticatorType: "oob" });
    expect(listed.some((a) => a.type === "sms")).toBe(false);
    const denied = await browser.mfa.challenge({
      mfaToken,
      challengeType: "oob",
      authenticatorId: device.id,
    });
    expect(denied.bindingMethod).toBeUndefined();
    const error = await rejection(
      tenant.auth.mfa.verifyPush(
        { mfaToken, oobCode: denied.oobCode!, wait: devicePolls(user, "deny") },
        browser.context,
      ),
    );
    expect(error).toMatchObject({ code: "access_denied", operation: "verify" });
    expect(error).toBeInstanceOf(MfaVerifyError);

    const approved = await browser.mfa.challenge({
      mfaToken,
      challengeType: "oob",
      authenticatorId: device.id,
    });
    await expect(
      tenant.auth.mfa.verifyPush(
        { mfaToken, oobCode: approved.oobCode!, wait: devicePolls(user, "approve") },
        browser.context,
      ),
    ).resolves.toMatchObject({ success: true });
  });

  it("verifies a recovery code and returns its replacement, which works in turn", async () => {
    const { user, recoveryCodes } = await userWithTotp();
    // Auth0 hands out one code; the issuer a set of ten.
    expect(recoveryCodes).toHaveLength(tenant.name === "auth0" ? 1 : 10);
    const browser = await user.signIn();
    const result = await browser.mfa.verify({
      mfaToken: (await stepUp(browser)).mfaToken,
      recoveryCode: recoveryCodes[0]!,
    });
    expect(result).toMatchObject({ success: true, recoveryCode: expect.any(String) });
    expect(recoveryCodes).not.toContain(result.recoveryCode);

    const later = await user.signIn();
    const mfaToken = (await stepUp(later)).mfaToken;
    await expect(
      rejection(later.mfa.verify({ mfaToken, recoveryCode: recoveryCodes[0]! })),
    ).resolves.toMatchObject({ code: "invalid_grant" });
    await expect(
      later.mfa.verify({ mfaToken, recoveryCode: result.recoveryCode! }),
    ).resolves.toMatchObject({ success: true, recoveryCode: expect.any(String) });
  });

  it("lists and deletes on the session with one MFA API token, stepping up once", async () => {
    const { user, secret } = await userWithTotp();
    const browser = await user.signIn();
    let stepUps = 0;
    const run = async <T>(call: () => Promise<T>): Promise<T> => {
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof MfaRequiredError)) throw error;
        stepUps += 1;
        await browser.mfa.verify({ mfaToken: error.mfaToken, otp: await tenant.totp(secret) });
        return call();
      }
    };
    const listed = await run(() => browser.mfa.getAuthenticators());
    const app = listed.find((a) => a.type === "otp" && a.active)!;
    // What a settings page reads to offer "Regenerate recovery codes" (app-example/app/security).
    await expect(tenant.auth.mfa.getCapabilities()).resolves.toEqual({
      regenerateRecoveryCodes: tenant.regeneratesRecoveryCodes,
    });
    // Auth0 has no recovery-code endpoint in its MFA API: refused before any step-up.
    const regenerated = await rejection(run(() => browser.mfa.regenerateRecoveryCodes()));
    if (tenant.regeneratesRecoveryCodes) expect(regenerated).toBeUndefined();
    else expect(regenerated).toMatchObject({ code: "unsupported_operation", status: 400 });
    await run(() => browser.mfa.deleteAuthenticator(app.id));
    expect(stepUps).toBe(1); // a new session has no MFA: one step-up for all of these
    const after = await run(() => browser.mfa.getAuthenticators());
    expect(after.some((a) => a.id === app.id)).toBe(false);
  });

  it("answers a wrong code, an old context and another session's context with coded errors", async () => {
    const { user } = await userWithTotp();
    const browser = await user.signIn();
    const { mfaToken } = await stepUp(browser);
    const wrong = await rejection(browser.mfa.verify({ mfaToken, otp: "000000" }));
    expect(wrong).toMatchObject({ code: "invalid_grant", operation: "verify" });
    expect(wrong).toBeInstanceOf(MfaVerifyError);

    const other = await user.signIn();
    const foreign = await rejection(other.mfa.verify({ mfaToken, otp: "123456" }));
    expect(foreign).toMatchObject({ code: "mfa_token_not_found", status: 401 });
    expect(foreign).toBeInstanceOf(MfaTokenNotFoundError);

    tenant.advance(301);
    const expired = await rejection(browser.mfa.verify({ mfaToken, otp: "123456" }));
    expect(expired).toMatchObject({ code: "mfa_token_expired", status: 401 });
    expect(expired).toBeInstanceOf(MfaTokenExpiredError);
  });
});
