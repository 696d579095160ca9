import { describe, expect, it } from "@jest/globals";
import { createTestCore, signIn } from "../../../test/fakes/sign-in.js";
import { MfaRequiredError, StepUpError } from "../../errors/index.js";
import { getAccessToken } from "../access-token.js";
import type { CookieJar } from "../cookies/cookie-jar.js";
import type { Core } from "../core.js";
import { challenge } from "./challenge.js";
import { enroll } from "./enroll.js";
import { getAuthenticators } from "./get-authenticators.js";
import { verify } from "./verify.js";

const API = "https://api.example.com/payments";

async function stepUp(core: Core, jar: CookieJar): Promise<string> {
  const error = await getAccessToken(core, jar, { audience: API }).catch((e: unknown) => e);
  if (!(error instanceof MfaRequiredError)) throw new Error("expected mfa_required");
  return error.mfaToken;
}

async function setup() {
  const env = createTestCore();
  env.fake.mfaAudiences.add(API);
  const { jar } = await signIn(env.core, env.fake);
  return { ...env, jar, mfaToken: await stepUp(env.core, jar) };
}

describe("MFA operations", () => {
  it("lists authenticators with a derived type, keeping entries without oob_channel", async () => {
    const { core, jar, mfaToken, fake } = await setup();
    const list = await getAuthenticators(core, jar, { mfaToken });
    expect(list.map((a) => [a.id, a.type])).toEqual([
      ["totp|1", "otp"],
      ["email|2", "email"],
      ["recovery-code|3", "recovery-code"],
    ]);
    const call = fake.requests.find((r) => r.url.endsWith("/mfa/authenticators"))!;
    expect(call.headers.get("authorization")).toMatch(/^Bearer mfa-/);
  });

  it("enrolls and challenges with camelCase answers", async () => {
    const { core, jar, mfaToken, fake } = await setup();
    const enrollment = await enroll(core, jar, { mfaToken, authenticatorTypes: ["otp"] });
    expect(enrollment).toMatchObject({
      authenticatorType: "otp",
      barcodeUri: expect.stringMatching(/^otpauth:/),
      recoveryCodes: ["ABCD"],
    });
    const associate = fake.requests.find((r) => r.url.endsWith("/mfa/associate"))!;
    expect(JSON.parse(associate.body)).toEqual({
      client_id: "app",
      client_secret: "app-secret",
      authenticator_types: ["otp"],
    });
    await expect(challenge(core, jar, { mfaToken, challengeType: "otp" })).resolves.toEqual({
      challengeType: "otp",
    });
    const body = JSON.parse(fake.requests.find((r) => r.url.endsWith("/mfa/challenge"))!.body);
    expect(body).toMatchObject({
      client_id: "app",
      challenge_type: "otp",
      mfa_token: expect.stringMatching(/^mfa-/),
    });
  });

  it("verifies, replaces the token set, and getAccessToken then serves it", async () => {
    const { core, jar, mfaToken } = await setup();
    await expect(verify(core, jar, { mfaToken, otp: "123456" })).resolves.toEqual({
      success: true,
    });
    const token = await getAccessToken(core, jar, { audience: API });
    const claims = JSON.parse(atob(token.token.split(".")[1]!));
    expect(claims.amr).toContain("mfa");
  });

  it("reports recovery codes remaining", async () => {
    const { core, jar, mfaToken } = await setup();
    await expect(verify(core, jar, { mfaToken, recoveryCode: "ABCD-EFGH" })).resolves.toEqual({
      success: true,
      recoveryCodesRemaining: 9,
    });
  });

  it("passes invalid_grant through with the operation", async () => {
    const { core, jar, mfaToken } = await setup();
    const error = (await verify(core, jar, { mfaToken, otp: "000000" }).catch(
      (e: unknown) => e,
    )) as StepUpError;
    expect(error.code).toBe("invalid_grant");
    expect(error.operation).toBe("verify");
  });

  it("re-seals a chained mfa_required", async () => {
    const { core, jar, mfaToken, fake } = await setup();
    fake.nextTokenAnswer = {
      status: 403,
      body: {
        error: "mfa_required",
        mfa_token: "chained",
        mfa_requirements: { challenge: [{ type: "email" }] },
      },
    };
    const error = await verify(core, jar, { mfaToken, otp: "123456" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MfaRequiredError);
    const chained = error as MfaRequiredError;
    expect(chained.operation).toBe("verify");
    expect(chained.mfaToken).not.toBe("chained");
    const context = await core.contexts.open(
      chained.mfaToken,
      (await core.sessions.read(jar))!,
      "verify",
    );
    expect(context.mfa_token).toBe("chained");
  });

  it("refuses a context from another session", async () => {
    const { core, fake, mfaToken } = await setup();
    const { jar: other } = await signIn(core, fake);
    const error = (await getAuthenticators(core, other, { mfaToken }).catch(
      (e: unknown) => e,
    )) as StepUpError;
    expect(error.code).toBe("mfa_token_not_found");
    expect(error.operation).toBe("getAuthenticators");
  });
});
