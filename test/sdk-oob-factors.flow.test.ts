import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { readLatestCode } from "../src/testing/index.js";
import {
  claimsOf,
  mfaClientFor,
  PAYMENTS,
  requireStepUp,
  startStepUpApp,
  type StepUpApp,
} from "./helpers/step-up-app.js";

// The SDK's mfa API against the real issuer for the email and SMS factors.
let app: StepUpApp;
beforeEach(async () => {
  app = await startStepUpApp();
}, 120_000);
afterEach(async () => {
  await app.close();
});

describe.each(["email", "sms"] as const)("the %s factor through next-stepup/client", (factor) => {
  it("enrolls, refuses a wrong code, verifies; a later step-up challenges it", async () => {
    const to = factor === "email" ? "jane@example.com" : "+15555550123";
    const browser = await app.signIn();
    const { mfaToken } = await requireStepUp(app, browser);
    const mfa = mfaClientFor(browser);
    const enrollment = await mfa.enroll(
      factor === "email" ? { mfaToken, factor, email: to } : { mfaToken, factor, phoneNumber: to },
    );
    expect(enrollment).toMatchObject({
      authenticatorType: "oob",
      oobChannel: factor,
      bindingMethod: "prompt",
    });
    if (enrollment.authenticatorType !== "oob") throw new TypeError("oob expected");
    const code = await readLatestCode(app.issuer, to);
    const wrong = code === "000000" ? "111111" : "000000";
    await expect(
      mfa.verify({ mfaToken, oobCode: enrollment.oobCode, bindingCode: wrong }),
    ).rejects.toMatchObject({ code: "invalid_grant" });
    await expect(
      mfa.verify({ mfaToken, oobCode: enrollment.oobCode, bindingCode: code }),
    ).resolves.toMatchObject({ success: true });

    const second = await app.signIn();
    const context = (await requireStepUp(app, second)).mfaToken;
    const client = mfaClientFor(second);
    const oob = (await client.getAuthenticators({ mfaToken: context })).find(
      (a) => a.type === factor,
    );
    expect(oob).toMatchObject({ authenticatorType: "oob", oobChannel: factor, active: true });
    expect(oob?.name).not.toContain(to);
    const challenge = await client.challenge({
      mfaToken: context,
      challengeType: "oob",
      authenticatorId: oob!.id,
    });
    await client.verify({
      mfaToken: context,
      oobCode: challenge.oobCode!,
      bindingCode: await readLatestCode(app.issuer, to),
    });
    const token = await app.auth.getAccessToken(
      { audience: PAYMENTS },
      { cookies: second.cookies },
    );
    expect(claimsOf(token.token).amr).toEqual(expect.arrayContaining(["mfa", factor]));
  }, 60_000);
});
