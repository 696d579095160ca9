import { afterEach, expect, it } from "@jest/globals";
import { MfaRequiredError } from "../src/client/index.js";
import { generateTotp, readLatestCode } from "../src/testing/index.js";
import {
  claimsOf,
  mfaClientFor,
  PAYMENTS,
  requireStepUp,
  startStepUpApp,
  type StepUpApp,
} from "./helpers/step-up-app.js";

// The SDK through a chained MFA: the first verify answers a new, sealed step-up.
let app: StepUpApp;
afterEach(async () => {
  await app.close();
});

it("verify of the first factor throws a sealed MfaRequiredError; the second factor completes", async () => {
  app = await startStepUpApp({
    issuer: {
      apis: [
        {
          audience: PAYMENTS,
          requireMfa: true,
          maxAge: 300,
          scopes: ["payments:write"],
          mfaFactorCount: 2,
        },
      ],
    },
  });
  const browser = await app.signIn();
  const first = await requireStepUp(app, browser);
  const mfa = mfaClientFor(browser);
  const totp = await mfa.enroll({ mfaToken: first.mfaToken, authenticatorTypes: ["otp"] });
  if (totp.authenticatorType !== "otp") throw new TypeError("otp expected");

  const chained = await mfa
    .verify({
      mfaToken: first.mfaToken,
      otp: await generateTotp(totp.secret, app.issuer.clock.now()),
    })
    .catch((error: unknown) => error);
  expect(chained).toBeInstanceOf(MfaRequiredError);
  const next = chained as MfaRequiredError;
  // A new sealed context (a JWE), never the issuer's raw mfa_token.
  expect(next.mfaToken).not.toBe(first.mfaToken);
  expect(next.mfaToken.split(".")).toHaveLength(5);
  expect(next.mfaRequirements.enroll?.map((entry) => entry.type)).not.toContain("otp");

  const email = "chain@example.com";
  const enrollment = await mfa.enroll({
    mfaToken: next.mfaToken,
    authenticatorTypes: ["oob"],
    oobChannels: ["email"],
    email,
  });
  if (enrollment.authenticatorType !== "oob") throw new TypeError("oob expected");
  await mfa.verify({
    mfaToken: next.mfaToken,
    oobCode: enrollment.oobCode,
    bindingCode: await readLatestCode(app.issuer, email),
  });
  const token = await app.auth.getAccessToken({ audience: PAYMENTS }, { cookies: browser.cookies });
  expect(claimsOf(token.token).amr).toEqual(expect.arrayContaining(["mfa", "otp", "email"]));
}, 120_000);
