/* eslint-disable @typescript-eslint/no-explicit-any -- wire JSON is read loosely; tests assert its shape. */
// Chained MFA (PROTOCOL.md part A): an audience with mfaFactorCount 2 answers an
// MFA grant that verified only one distinct factor with mfa_required again,
// with a new mfa_token for another factor.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { IssuerEvent } from "../src/issuer/options.js";
import {
  generateTotp,
  readLatestCode,
  startTestIssuer,
  TEST_DEFAULTS,
  type TestIssuer,
} from "../src/testing/index.js";
import {
  challengeCall,
  claimsOf,
  createUser,
  mfaCall,
  OOB_GRANT,
  OTP_GRANT,
  randomPhone,
  RECOVERY_GRANT,
  signIn,
  tokenCall,
  type Answer,
} from "./helpers/issuer-calls.js";

const VAULT = "https://api.example.com/vault";

let t: TestIssuer;
const events: IssuerEvent[] = [];
beforeAll(async () => {
  t = await startTestIssuer({
    onEvent: (event) => {
      events.push(event);
    },
    apis: [
      {
        audience: TEST_DEFAULTS.audience,
        requireMfa: true,
        maxAge: 300,
        scopes: ["payments:write"],
      },
      { audience: VAULT, requireMfa: true, maxAge: 300, scopes: ["vault:read"], mfaFactorCount: 2 },
    ],
  });
}, 120_000);
afterAll(() => t.close());

function refresh(refreshToken: string, audience: string): Promise<Answer> {
  return tokenCall(t, { grant_type: "refresh_token", refresh_token: refreshToken, audience });
}

/** A TOTP code of a step no earlier grant used (a used step is refused). */
async function freshTotp(secret: string): Promise<string> {
  t.clock.advance(30);
  return generateTotp(secret, t.clock.now());
}

function expectMfaRequired(answer: Answer): { mfaToken: string; requirements: any } {
  expect([answer.status, answer.body.error]).toEqual([403, "mfa_required"]);
  return { mfaToken: answer.body.mfa_token, requirements: answer.body.mfa_requirements };
}

/** A user with a confirmed TOTP factor only (enrolled at a payments step-up). */
async function userWithTotp() {
  const user = await createUser(t);
  const stop = expectMfaRequired(await refresh(await signIn(t, user), TEST_DEFAULTS.audience));
  const enrollment = await mfaCall(t, "/mfa/associate", stop.mfaToken, {
    authenticator_types: ["otp"],
  });
  expect(enrollment.status).toBe(200);
  const done = await tokenCall(t, {
    grant_type: OTP_GRANT,
    mfa_token: stop.mfaToken,
    otp: await generateTotp(enrollment.body.secret, t.clock.now()),
  });
  // The default audience (count 1) is unchanged: one factor gives the token.
  expect(done.status).toBe(200);
  expect(claimsOf(done.body.access_token).amr).toEqual(expect.arrayContaining(["mfa", "otp"]));
  return {
    ...user,
    secret: enrollment.body.secret as string,
    recoveryCodes: enrollment.body.recovery_codes as string[],
    refreshToken: done.body.refresh_token as string,
  };
}

// The tests share one user, in order: enrolling the second factor, then using both.
let user: Awaited<ReturnType<typeof userWithTotp>> & { emailTo: string };

describe("chained MFA for an audience with mfaFactorCount 2", () => {
  it("lets a user with one factor enroll a second one only with the chained mfa_token", async () => {
    const base = await userWithTotp();
    const emailTo = base.email;

    // The family used otp and the user has nothing else: verify otp again first.
    const stop = expectMfaRequired(await refresh(base.refreshToken, VAULT));
    expect(stop.requirements.challenge).toContainEqual({ type: "otp" });
    // That refresh-minted token may not add a factor: nothing was verified with it.
    const early = await mfaCall(t, "/mfa/associate", stop.mfaToken, {
      authenticator_types: ["oob"],
      oob_channels: ["email"],
      email: emailTo,
    });
    expect([early.status, early.body.error]).toEqual([409, "already_enrolled"]);

    const first = await tokenCall(t, {
      grant_type: OTP_GRANT,
      mfa_token: stop.mfaToken,
      otp: await freshTotp(base.secret),
    });
    const chained = expectMfaRequired(first);
    expect(chained.mfaToken).not.toBe(stop.mfaToken);
    expect(chained.requirements).toEqual({
      enroll: [{ type: "email" }, { type: "sms" }, { type: "webauthn" }, { type: "push" }],
    });

    // The first mfa_token was consumed by the verification.
    const reused = await tokenCall(t, {
      grant_type: OTP_GRANT,
      mfa_token: stop.mfaToken,
      otp: await freshTotp(base.secret),
    });
    expect([reused.status, reused.body.error]).toEqual([401, "expired_token"]);

    // A second TOTP would not be a distinct factor.
    const sameType = await mfaCall(t, "/mfa/associate", chained.mfaToken, {
      authenticator_types: ["otp"],
    });
    expect([sameType.status, sameType.body.error]).toEqual([409, "already_enrolled"]);

    const enrollment = await mfaCall(t, "/mfa/associate", chained.mfaToken, {
      authenticator_types: ["oob"],
      oob_channels: ["email"],
      email: emailTo,
    });
    expect(enrollment.status).toBe(200);
    expect(enrollment.body.recovery_codes).toBeUndefined();
    const done = await tokenCall(t, {
      grant_type: OOB_GRANT,
      mfa_token: chained.mfaToken,
      oob_code: enrollment.body.oob_code,
      binding_code: await readLatestCode(t, emailTo),
    });
    expect(done.status).toBe(200);
    const claims = claimsOf(done.body.access_token);
    expect(claims.aud).toBe(VAULT);
    expect(claims.amr).toEqual(expect.arrayContaining(["mfa", "otp", "email"]));
    // The family now carries both factors: the next refresh for the vault needs no step-up.
    expect((await refresh(done.body.refresh_token, VAULT)).status).toBe(200);
    user = { ...base, emailTo };
  });

  it("gives the token after TOTP then email, asking only for the other factor in between", async () => {
    const login = await signIn(t, user);
    const stop = expectMfaRequired(await refresh(login, VAULT));
    expect(stop.requirements.challenge).toEqual(
      expect.arrayContaining([{ type: "otp" }, { type: "email" }]),
    );

    const first = await tokenCall(t, {
      grant_type: OTP_GRANT,
      mfa_token: stop.mfaToken,
      otp: await freshTotp(user.secret),
    });
    const chained = expectMfaRequired(first);
    expect(chained.requirements).toEqual({ challenge: [{ type: "email" }] });
    // The first verification is audited like any other, although no token came of it.
    expect(events.at(-1)).toMatchObject({
      type: "mfa.verified",
      userId: user.id,
      authenticatorType: "otp",
    });

    const challenge = await challengeCall(t, chained.mfaToken, { challenge_type: "oob" });
    expect(challenge.status).toBe(200);
    const done = await tokenCall(t, {
      grant_type: OOB_GRANT,
      mfa_token: chained.mfaToken,
      oob_code: challenge.body.oob_code,
      binding_code: await readLatestCode(t, user.emailTo),
    });
    expect(done.status).toBe(200);
    expect(claimsOf(done.body.access_token).amr).toEqual(
      expect.arrayContaining(["mfa", "otp", "email"]),
    );
    expect(done.body.scope).toBe("vault:read");
  });

  it("is not satisfied by the same factor twice, nor by a recovery code", async () => {
    const login = await signIn(t, user);
    const stop = expectMfaRequired(await refresh(login, VAULT));
    const once = expectMfaRequired(
      await tokenCall(t, {
        grant_type: OTP_GRANT,
        mfa_token: stop.mfaToken,
        otp: await freshTotp(user.secret),
      }),
    );
    const twice = expectMfaRequired(
      await tokenCall(t, {
        grant_type: OTP_GRANT,
        mfa_token: once.mfaToken,
        otp: await freshTotp(user.secret),
      }),
    );
    expect(twice.requirements).toEqual({ challenge: [{ type: "email" }] });
    const recovery = await tokenCall(t, {
      grant_type: RECOVERY_GRANT,
      mfa_token: twice.mfaToken,
      recovery_code: user.recoveryCodes[0]!,
    });
    expect(expectMfaRequired(recovery).requirements).toEqual({ challenge: [{ type: "email" }] });

    // The refresh grant applies the count too, asking for the missing factor;
    // the login's refresh token stayed live (no token was issued in the chain).
    const again = expectMfaRequired(await refresh(login, VAULT));
    expect(again.requirements).toEqual({ challenge: [{ type: "email" }] });
    // Audiences with the default count take the family's single factor.
    expect((await refresh(login, TEST_DEFAULTS.audience)).status).toBe(200);
  });

  it("walks a user without factors through enrolling two in one chain", async () => {
    const fresh = await createUser(t);
    const stop = expectMfaRequired(await refresh(await signIn(t, fresh), VAULT));
    expect(stop.requirements).toEqual({
      enroll: [
        { type: "otp" },
        { type: "email" },
        { type: "sms" },
        { type: "webauthn" },
        { type: "push" },
      ],
    });
    const otp = await mfaCall(t, "/mfa/associate", stop.mfaToken, {
      authenticator_types: ["otp"],
    });
    expect(otp.body.recovery_codes).toHaveLength(10);
    const chained = expectMfaRequired(
      await tokenCall(t, {
        grant_type: OTP_GRANT,
        mfa_token: stop.mfaToken,
        otp: await generateTotp(otp.body.secret, t.clock.now()),
      }),
    );
    expect(chained.requirements).toEqual({
      enroll: [{ type: "email" }, { type: "sms" }, { type: "webauthn" }, { type: "push" }],
    });
    const phone = randomPhone();
    const sms = await mfaCall(t, "/mfa/associate", chained.mfaToken, {
      authenticator_types: ["oob"],
      oob_channels: ["sms"],
      phone_number: phone,
    });
    expect(sms.status).toBe(200);
    const done = await tokenCall(t, {
      grant_type: OOB_GRANT,
      mfa_token: chained.mfaToken,
      oob_code: sms.body.oob_code,
      binding_code: await readLatestCode(t, phone),
    });
    expect(done.status).toBe(200);
    expect(claimsOf(done.body.access_token).amr).toEqual(
      expect.arrayContaining(["mfa", "otp", "sms"]),
    );
  });
});
