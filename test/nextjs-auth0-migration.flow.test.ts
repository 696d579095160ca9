/**
 * @auth0/nextjs-auth0's MFA documentation (EXAMPLES.md, "Multi-Factor
 * Authentication (MFA)"; ../shared/reference/nextjs-auth0-examples-mfa.txt),
 * snippet by snippet, with only the imports changed:
 *
 *   "@auth0/nextjs-auth0/server" → "next-stepup/server" (Auth0Client is our AuthClient)
 *   "@auth0/nextjs-auth0/client" → "next-stepup/client"
 *   "@auth0/nextjs-auth0/errors" → "next-stepup/errors"
 *
 * (here as paths into src/). Each snippet is type-checked with the rest of the
 * tests, and run against the in-process issuer: the free names a snippet uses
 * (`auth0`, `mfaToken`, `getAccessToken`, `redirect`, …) are bound by the
 * test around it, as an app would bind them.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { configureClient, mfa } from "../src/client/index.js";
import {
  MfaChallengeError,
  MfaDeleteAuthenticatorError,
  MfaEnrollmentError,
  MfaGetAuthenticatorsError,
  MfaTokenExpiredError,
  MfaTokenInvalidError,
  MfaTokenNotFoundError,
  MfaVerifyError,
} from "../src/errors/index.js";
import { AuthClient as Auth0Client, MfaRequiredError } from "../src/server/index.js";
import { generateTotp, readLatestCode } from "../src/testing/index.js";
import { startStepUpApp, type StepUpApp } from "./helpers/step-up-app.js";

let app: StepUpApp;
beforeAll(async () => {
  // The page's API, "https://api.example.com", stepped up like the payments API.
  app = await startStepUpApp({
    issuer: {
      apis: [
        { audience: "https://api.example.com", requireMfa: true, maxAge: 300 },
        { audience: "https://api.example.com/payments", requireMfa: true, maxAge: 300 },
      ],
    },
  });
});
afterAll(async () => {
  await app.close();
});

/** A new user signed in, their step-up context, and the server's MFA API bound to their cookies. */
async function signedIn() {
  const { createTestUser } = await import("../src/testing/index.js");
  const user = await createTestUser(app.issuer);
  const browser = await app.signIn({ user });
  // The browser's page: the `mfa` singleton over this browser's routes.
  configureClient({ baseUrl: app.url, fetch: browser.fetch });
  const context = browser.context;
  // `auth0.mfa.*` inside a route handler reads cookies(); here, this browser's.
  const auth0 = {
    mfa: {
      getAuthenticators: (o: { mfaToken: string }) => app.auth.mfa.getAuthenticators(o, context),
      enroll: (o: Parameters<typeof app.auth.mfa.enroll>[0]) => app.auth.mfa.enroll(o, context),
      challenge: (o: Parameters<typeof app.auth.mfa.challenge>[0]) =>
        app.auth.mfa.challenge(o, context),
      verify: (o: Parameters<typeof app.auth.mfa.verify>[0]) => app.auth.mfa.verify(o, context),
    },
  };
  const getAccessToken = (options: { audience: string }) =>
    app.auth.getAccessToken(options, context);
  const required = (await getAccessToken({ audience: app.issuer.audience }).catch(
    (e: unknown) => e,
  )) as MfaRequiredError;
  return { user, browser, auth0, getAccessToken, mfaToken: required.mfaToken };
}

describe("nextjs-auth0's MFA documentation, with only the imports changed", () => {
  it("Configuration: mfaContextTtl", () => {
    process.env.STEPUP_ISSUER_BASE_URL ??= "http://localhost:4010";
    process.env.STEPUP_CLIENT_ID ??= "web";
    process.env.STEPUP_CLIENT_SECRET ??= "web-secret";
    process.env.STEPUP_SECRET ??= "a-32-character-secret-for-this-test!!";
    process.env.APP_BASE_URL ??= "http://localhost:3010";
    // --- snippet ---
    const auth0 = new Auth0Client({
      mfaContextTtl: 600, // 10 minutes in seconds
    });
    // --- end ---
    expect(auth0).toBeInstanceOf(Auth0Client);
  });

  it("Handling MfaRequiredError", async () => {
    const { getAccessToken } = await signedIn();
    const redirects: string[] = [];
    const redirect = (url: string): never => {
      redirects.push(url);
      throw new Error("NEXT_REDIRECT");
    };
    await expect(
      (async () => {
        // --- snippet ---
        try {
          const { token } = await getAccessToken({ audience: "https://api.example.com" });
          void token;
        } catch (error) {
          if (error instanceof MfaRequiredError) {
            // MFA logic here
            // You can pass the `error.mfa_token` to SDK MFA methods
            // Example, redirect to MFA challenge page that contains MFA handling logic
            redirect(`/mfa?token=${error.mfa_token}`);
          }
          throw error;
        }
        // --- end ---
      })(),
    ).rejects.toThrow("NEXT_REDIRECT");
    expect(redirects[0]).toMatch(/^\/mfa\?token=[\w-]+\.[\w-]*\.[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it("Accessing the MFA API, Getting Authenticators, Enrollment (OTP) and Verify", async () => {
    const { auth0, mfaToken } = await signedIn();
    // --- snippet (On the Server / Getting Authenticators) ---
    const authenticators = await auth0.mfa.getAuthenticators({ mfaToken });
    // --- end ---
    expect(authenticators).toEqual([]);
    // --- snippet (Enrollment: OTP) ---
    // Returns secret, barcodeUri for QR code
    const enrollment = await auth0.mfa.enroll({
      mfaToken,
      authenticatorTypes: ["otp"],
    });
    // --- end ---
    if (enrollment.authenticatorType !== "otp") throw new Error("otp expected");
    const otp = await generateTotp(enrollment.secret, app.issuer.clock.now());
    // --- snippet (On the Client) ---
    await mfa.verify({ mfaToken, otp });
    // --- end ---
  });

  it("Enrollment: SMS and Email, Challenge and OOB Verification", async () => {
    const { user, auth0, mfaToken } = await signedIn();
    // --- snippet (Enrollment: SMS) ---
    const enrollment = await auth0.mfa.enroll({
      mfaToken,
      authenticatorTypes: ["oob"],
      oobChannels: ["sms"],
      phoneNumber: "+15555555555",
    });
    // --- end ---
    if (enrollment.authenticatorType !== "oob") throw new Error("oob expected");
    await auth0.mfa.verify({
      mfaToken,
      oobCode: enrollment.oobCode,
      bindingCode: await readLatestCode(app.issuer, "+15555555555"),
    });

    const second = await app.signIn({ user });
    configureClient({ baseUrl: app.url, fetch: second.fetch });
    const next = (await app.auth
      .getAccessToken({ audience: app.issuer.audience }, second.context)
      .catch((e: unknown) => e)) as MfaRequiredError;
    const sms = (await mfa.getAuthenticators({ mfaToken: next.mfaToken })).find(
      (a) => a.oobChannel === "sms",
    )!;
    // --- snippet (Challenge) ---
    // Returns oobCode and bindingMethod
    const challenge = await mfa.challenge({
      mfaToken: next.mfaToken,
      challengeType: "oob",
      authenticatorId: sms.id,
    });
    // --- end ---
    // --- snippet (OOB Verification) ---
    await mfa.verify({
      mfaToken: next.mfaToken,
      oobCode: challenge.oobCode!,
      bindingCode: await readLatestCode(app.issuer, "+15555555555"), // User input
    });
    // --- end ---

    // --- snippet (Enrollment: Email; the page omits the address: the user's own is used) ---
    const third = await signedIn();
    const email = await third.auth0.mfa.enroll({
      mfaToken: third.mfaToken,
      authenticatorTypes: ["oob"],
      oobChannels: ["email"],
    });
    // --- end ---
    expect(email).toMatchObject({ authenticatorType: "oob", oobChannel: "email" });
    await expect(readLatestCode(app.issuer, third.user.email)).resolves.toMatch(/^\d{6}$/);
  });

  it("Enrollment: Push Notification", async () => {
    const { auth0, mfaToken } = await signedIn();
    // --- snippet ---
    const enrollment = await auth0.mfa.enroll({
      mfaToken,
      authenticatorTypes: ["oob"],
      oobChannels: ["auth0"],
    });
    // --- end ---
    expect(enrollment).toMatchObject({ authenticatorType: "oob", oobChannel: "auth0" });
  });

  it("Recovery Code Verification", async () => {
    const { user, auth0, mfaToken } = await signedIn();
    const enrollment = await auth0.mfa.enroll({ mfaToken, authenticatorTypes: ["otp"] });
    if (enrollment.authenticatorType !== "otp") throw new Error("otp expected");
    await auth0.mfa.verify({
      mfaToken,
      otp: await generateTotp(enrollment.secret, app.issuer.clock.now()),
    });
    const second = await app.signIn({ user });
    const next = (await app.auth
      .getAccessToken({ audience: app.issuer.audience }, second.context)
      .catch((e: unknown) => e)) as MfaRequiredError;
    const server = {
      mfa: {
        verify: (o: { mfaToken: string; recoveryCode: string }) =>
          app.auth.mfa.verify(o, second.context),
      },
    };
    const recoveryCode = enrollment.recoveryCodes![0]!;
    {
      const auth0 = server;
      const mfaToken = next.mfaToken;
      // --- snippet ---
      const result = await auth0.mfa.verify({
        mfaToken,
        recoveryCode,
      });
      // --- end ---
      // nextjs-auth0's MfaVerifyResponse has `recovery_code`; ours is camelCase.
      expect(result.recoveryCode).toEqual(expect.any(String));
    }
  });

  it("MFA Error Handling: every class of the table, by instanceof", async () => {
    const { user, auth0, mfaToken } = await signedIn();
    const caught = (promise: Promise<unknown>) => promise.catch((e: unknown) => e);

    // Thrown as the class itself (its name in logs), with nextjs-auth0's codes.
    const wrong = await caught(auth0.mfa.verify({ mfaToken, otp: "123456" }));
    expect(wrong).toBeInstanceOf(MfaVerifyError);
    expect(wrong).toMatchObject({ name: "MfaVerifyError", code: "invalid_grant" });
    // In the browser a plain StepUpError of operation "verify" (the classes stay out of
    // `mfa`'s bundle), which `instanceof` matches all the same.
    const wrongInBrowser = await caught(mfa.verify({ mfaToken, otp: "654321" }));
    expect(wrongInBrowser).toBeInstanceOf(MfaVerifyError);
    expect(wrongInBrowser).toMatchObject({
      name: "StepUpError",
      code: "invalid_grant",
      operation: "verify",
    });
    expect(
      await caught(
        auth0.mfa.challenge({ mfaToken, challengeType: "oob", authenticatorId: "sms|nope" }),
      ),
    ).toBeInstanceOf(MfaChallengeError);
    expect(
      await caught(
        auth0.mfa.enroll({
          mfaToken,
          authenticatorTypes: ["oob"],
          oobChannels: ["voice"],
          phoneNumber: "+15555555555",
        }),
      ),
    ).toBeInstanceOf(MfaEnrollmentError);
    expect(await caught(auth0.mfa.getAuthenticators({ mfaToken: "tampered" }))).toBeInstanceOf(
      MfaTokenInvalidError,
    );
    const other = await app.signIn({ user });
    const foreign = await caught(app.auth.mfa.getAuthenticators({ mfaToken }, other.context));
    expect(foreign).toBeInstanceOf(MfaTokenNotFoundError);
    expect(foreign).toMatchObject({ name: "MfaTokenNotFoundError", code: "mfa_token_not_found" });

    // A verified step-up consumes the issuer's mfa_token: listing with it fails there.
    const enrollment = await auth0.mfa.enroll({ mfaToken, authenticatorTypes: ["otp"] });
    if (enrollment.authenticatorType !== "otp") throw new Error("otp expected");
    await auth0.mfa.verify({
      mfaToken,
      otp: await generateTotp(enrollment.secret, app.issuer.clock.now()),
    });
    expect(await caught(auth0.mfa.getAuthenticators({ mfaToken }))).toBeInstanceOf(
      MfaGetAuthenticatorsError,
    );
    // The session has a fresh MFA now: deleting an unknown id fails at the issuer.
    expect(await caught(mfa.deleteAuthenticator("totp|nope"))).toBeInstanceOf(
      MfaDeleteAuthenticatorError,
    );
    app.issuer.clock.advance(601);
    const expired = await caught(auth0.mfa.getAuthenticators({ mfaToken }));
    expect(expired).toBeInstanceOf(MfaTokenExpiredError);
    expect(expired).toMatchObject({ name: "MfaTokenExpiredError", code: "mfa_token_expired" });
    const expiredInBrowser = await caught(mfa.getAuthenticators({ mfaToken }));
    expect(expiredInBrowser).toBeInstanceOf(MfaTokenExpiredError);
    expect(expiredInBrowser).toMatchObject({ name: "StepUpError", code: "mfa_token_expired" });
  });
});
