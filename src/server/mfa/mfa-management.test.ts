import { describe, expect, it } from "@jest/globals";
import {
  BINDING_CODE,
  createMfaApiTestCore,
  MFA_AUDIENCE,
  OOB_CODE,
} from "../../../test/fakes/fake-mfa-api.js";
import { signIn } from "../../../test/fakes/sign-in.js";
import { MfaRequiredError, StepUpError, TooManyAttemptsError } from "../../errors/index.js";
import { getAccessToken } from "../access-token.js";
import { createCookieJar } from "../cookies/cookie-jar.js";
import { challenge } from "./challenge.js";
import { deleteAuthenticator } from "./delete-authenticator.js";
import { enroll } from "./enroll.js";
import { getEnrollmentFactors } from "./get-enrollment-factors.js";
import { regenerateRecoveryCodes } from "./regenerate-recovery-codes.js";
import { verify } from "./verify.js";

const API = "https://api.example.com/payments";

async function setup(
  options: { mfaApiNeedsStepUp?: boolean; discovery?: Record<string, unknown> } = {},
) {
  const env = createMfaApiTestCore();
  // Discovery is read once, at sign-in.
  env.api.discovery = { ...env.api.discovery, ...options.discovery };
  env.fake.mfaAudiences.add(API);
  if (options.mfaApiNeedsStepUp) env.fake.mfaAudiences.add(MFA_AUDIENCE);
  const { jar } = await signIn(env.core, env.fake);
  const grants = () =>
    env.fake.requests
      .filter((r) => r.url.endsWith("/oauth/token"))
      .map((r) => Object.fromEntries(new URLSearchParams(r.body)));
  return { ...env, jar, grants };
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe("deleteAuthenticator", () => {
  it("takes an MFA API token (enroll, read and remove, one token for all) and DELETEs with it", async () => {
    const { core, jar, api, grants } = await setup();
    await expect(deleteAuthenticator(core, jar, "totp|abc")).resolves.toBeUndefined();
    expect(api.deleted).toEqual(["totp|abc"]);
    expect(api.calls[0]!.path).toBe("/mfa/authenticators/totp%7Cabc");
    expect(grants().at(-1)).toMatchObject({
      grant_type: "refresh_token",
      audience: MFA_AUDIENCE,
      scope: "enroll read:authenticators remove:authenticators",
    });
  });

  it("steps up when the issuer asks, then the retry uses the stepped-up token", async () => {
    const { core, jar, api, grants } = await setup({ mfaApiNeedsStepUp: true });
    const error = await rejection(deleteAuthenticator(core, jar, "email|1"));
    expect(error).toBeInstanceOf(MfaRequiredError);
    const required = error as MfaRequiredError;
    expect(required).toMatchObject({
      code: "mfa_required",
      status: 403,
      operation: "deleteAuthenticator",
      audience: MFA_AUDIENCE,
    });
    expect(api.calls).toHaveLength(0);

    await expect(
      verify(core, jar, { mfaToken: required.mfaToken, otp: "123456" }),
    ).resolves.toEqual({ success: true });
    const before = grants().length;
    await deleteAuthenticator(core, jar, "email|1");
    expect(api.deleted).toEqual(["email|1"]);
    expect(grants()).toHaveLength(before); // the stored token was used, no new grant
  });

  it.each([["nosep"], [""], ["totp|abc/../x"], ["x".repeat(300)], ["totp|a b"]])(
    "refuses the malformed id %j without calling the issuer",
    async (id) => {
      const { core, jar, api } = await setup();
      const error = await rejection(deleteAuthenticator(core, jar, id));
      expect(error).toMatchObject({ code: "invalid_request", operation: "deleteAuthenticator" });
      expect(api.calls).toHaveLength(0);
    },
  );

  it("answers unauthorized without a session", async () => {
    const { core } = await setup();
    const error = await rejection(deleteAuthenticator(core, createCookieJar(), "totp|1"));
    expect(error).toMatchObject({ code: "unauthorized", operation: "deleteAuthenticator" });
  });

  it.each([
    [429, { error: "too_many_attempts" }, { "retry-after": "7" }, "too_many_attempts", 429],
    [404, { error: "not_found" }, {}, "not_found", 404],
    [403, { error: "insufficient_scope" }, {}, "insufficient_scope", 403],
    [500, "oops", {}, "invalid_response", 502],
  ])("passes the issuer's %i through with its code", async (status, body, headers, code, want) => {
    const { core, jar, api } = await setup();
    api.nextAnswer = { status, body, headers };
    const error = await rejection(deleteAuthenticator(core, jar, "totp|1"));
    expect(error).toBeInstanceOf(StepUpError);
    expect(error).toMatchObject({ code, status: want, operation: "deleteAuthenticator" });
    if (code === "too_many_attempts") expect((error as TooManyAttemptsError).retryAfter).toBe(7);
  });
});

describe("regenerateRecoveryCodes", () => {
  it("posts with an MFA API token holding enroll and returns the new set", async () => {
    const { core, jar, api, grants } = await setup();
    await expect(regenerateRecoveryCodes(core, jar)).resolves.toEqual({
      recoveryCodes: ["NEW1-CODE", "NEW2-CODE"],
    });
    expect(api.calls.map((c) => [c.method, c.path])).toEqual([["POST", "/mfa/recovery-codes"]]);
    expect(grants().at(-1)).toMatchObject({
      audience: MFA_AUDIENCE,
      scope: "enroll read:authenticators remove:authenticators",
    });
  });

  it("throws mfa_required naming the operation, and invalid_response on an empty set", async () => {
    const stepUp = await setup({ mfaApiNeedsStepUp: true });
    await expect(
      rejection(regenerateRecoveryCodes(stepUp.core, stepUp.jar)),
    ).resolves.toMatchObject({ code: "mfa_required", operation: "regenerateRecoveryCodes" });

    const { core, jar, api } = await setup();
    api.recoveryCodes = [];
    await expect(rejection(regenerateRecoveryCodes(core, jar))).resolves.toMatchObject({
      code: "invalid_response",
      operation: "regenerateRecoveryCodes",
    });
  });
});

describe("oob factors against the wire contract", () => {
  async function stepUp() {
    const env = await setup();
    const error = await rejection(getAccessToken(env.core, env.jar, { audience: API }));
    return { ...env, mfaToken: (error as MfaRequiredError).mfaToken };
  }

  it.each([
    [
      { factor: "email" as const, email: "a@example.com" },
      { oob_channels: ["email"], email: "a@example.com" },
    ],
    [
      { factor: "sms" as const, phoneNumber: "+15555550100" },
      { oob_channels: ["sms"], phone_number: "+15555550100" },
    ],
  ])("enrolls %j as an oob associate with its oob_code", async (options, wire) => {
    const { core, jar, mfaToken, fake } = await stepUp();
    const enrollment = await enroll(core, jar, { mfaToken, ...options });
    expect(enrollment).toMatchObject({
      authenticatorType: "oob",
      oobChannel: options.factor,
      oobCode: OOB_CODE,
      bindingMethod: "prompt",
    });
    const body = JSON.parse(fake.requests.find((r) => r.url.endsWith("/mfa/associate"))!.body);
    expect(body).toEqual({
      client_id: "app",
      client_secret: "app-secret",
      authenticator_types: ["oob"],
      ...wire,
    });
  });

  it("challenges oob and verifies with oob_code + binding_code on the mfa-oob grant", async () => {
    const { core, jar, mfaToken, grants } = await stepUp();
    const answer = await challenge(core, jar, {
      mfaToken,
      challengeType: "oob",
      authenticatorId: "email|7",
    });
    expect(answer).toEqual({ challengeType: "oob", oobCode: OOB_CODE, bindingMethod: "prompt" });
    await expect(
      rejection(verify(core, jar, { mfaToken, oobCode: OOB_CODE, bindingCode: "000000" })),
    ).resolves.toMatchObject({ code: "invalid_grant", operation: "verify" });
    await expect(
      verify(core, jar, { mfaToken, oobCode: OOB_CODE, bindingCode: BINDING_CODE }),
    ).resolves.toEqual({ success: true });
    expect(grants().at(-1)).toMatchObject({
      grant_type: "http://auth0.com/oauth/grant-type/mfa-oob",
      oob_code: OOB_CODE,
      binding_code: BINDING_CODE,
    });
  });
});

describe("getEnrollmentFactors", () => {
  it("reads the context's enroll requirements (none when only challenges are allowed)", async () => {
    const { core, jar, fake } = await setup();
    const challengeOnly = (await rejection(
      getAccessToken(core, jar, { audience: API }),
    )) as MfaRequiredError;
    await expect(
      getEnrollmentFactors(core, jar, { mfaToken: challengeOnly.mfaToken }),
    ).resolves.toEqual([]);

    fake.nextTokenAnswer = {
      status: 403,
      body: {
        error: "mfa_required",
        mfa_token: "raw",
        mfa_requirements: { enroll: [{ type: "sms" }, { type: "otp" }, { type: "bogus" }] },
      },
    };
    const enrollable = (await rejection(
      getAccessToken(core, jar, { audience: API, refresh: true }),
    )) as MfaRequiredError;
    await expect(
      getEnrollmentFactors(core, jar, { mfaToken: enrollable.mfaToken }),
    ).resolves.toEqual([
      { type: "otp", name: "otp" },
      { type: "sms", name: "sms" },
      { type: "unknown", name: "bogus" },
    ]);
  });

  it("maps Auth0's factor names without loss: phone is sms and voice, push-notification push", async () => {
    const { core, jar, fake } = await setup();
    fake.nextTokenAnswer = {
      status: 403,
      body: {
        error: "mfa_required",
        mfa_token: "raw",
        mfa_requirements: {
          enroll: [
            { type: "phone" },
            { type: "push-notification" },
            { type: "webauthn-platform" },
            { type: "webauthn-roaming" },
            { type: "recovery-code" },
            { type: "duo" },
          ],
        },
      },
    };
    const required = (await rejection(
      getAccessToken(core, jar, { audience: API, refresh: true }),
    )) as MfaRequiredError;
    // The requirements keep Auth0's names as they came.
    expect(required.mfaRequirements.enroll?.map((entry) => entry.type)).toEqual([
      "phone",
      "push-notification",
      "webauthn-platform",
      "webauthn-roaming",
      "recovery-code",
      "duo",
    ]);
    await expect(getEnrollmentFactors(core, jar, { mfaToken: required.mfaToken })).resolves.toEqual(
      [
        { type: "sms", name: "phone" },
        { type: "voice", name: "phone" },
        { type: "push", name: "push-notification" },
        { type: "webauthn", name: "webauthn-platform" },
        { type: "webauthn", name: "webauthn-roaming" },
        { type: "unknown", name: "duo" },
      ],
    );
  });

  it("without a context: the issuer's advertised factors, else its MFA grants, else otp", async () => {
    const { core, jar } = await setup();
    await expect(getEnrollmentFactors(core, jar)).resolves.toEqual([{ type: "otp", name: "otp" }]);

    const derived = await setup({
      discovery: {
        grant_types_supported: [
          "refresh_token",
          "http://auth0.com/oauth/grant-type/mfa-otp",
          "http://auth0.com/oauth/grant-type/mfa-oob",
          "http://auth0.com/oauth/grant-type/mfa-recovery-code",
        ],
      },
    });
    await expect(getEnrollmentFactors(derived.core, derived.jar)).resolves.toEqual([
      { type: "otp", name: "otp" },
      { type: "email", name: "email" },
      { type: "sms", name: "sms" },
    ]);

    const advertised = await setup({
      discovery: { mfa_factors_supported: ["webauthn", "email", "recovery-code"] },
    });
    await expect(getEnrollmentFactors(advertised.core, advertised.jar)).resolves.toEqual([
      { type: "email", name: "email" },
      { type: "webauthn", name: "webauthn" },
    ]);
  });

  it("needs a session, and a context of this session", async () => {
    const { core, jar } = await setup();
    await expect(rejection(getEnrollmentFactors(core, createCookieJar()))).resolves.toMatchObject({
      code: "unauthorized",
      operation: "getEnrollmentFactors",
    });
    await expect(
      rejection(getEnrollmentFactors(core, jar, { mfaToken: "garbage" })),
    ).resolves.toMatchObject({ code: "mfa_token_invalid", operation: "getEnrollmentFactors" });
  });
});
