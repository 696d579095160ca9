import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { decodeJwt } from "jose";
import { generateTotp, startTestIssuer, type TestIssuer } from "../src/testing/index.js";
import {
  createUser,
  enrolledUser,
  issuerCalls,
  mfaAudienceOf,
  OTP_GRANT,
  RECOVERY_GRANT,
  signIn,
} from "./helpers/issuer-calls.js";

// One issuer for the file (PGlite start is slow); every test makes its own
// users. The clock is shared and only moves forward.
let t: TestIssuer;
let calls: ReturnType<typeof issuerCalls>;
const OTHER = { clientId: "other-client", clientSecret: "other-secret-0123456789" };

beforeAll(async () => {
  const first = await startTestIssuer();
  await first.close();
  t = await startTestIssuer({
    clients: [
      {
        clientId: first.clientId,
        clientSecret: first.clientSecret,
        redirectUris: [first.redirectUri],
      },
      { ...OTHER, redirectUris: [first.redirectUri] },
    ],
  });
  calls = issuerCalls(t);
}, 120_000);
afterAll(() => t.close());

const refresh = (refreshToken: string, audience: string, scope?: string) =>
  calls.token({
    grant_type: "refresh_token",
    refresh_token: refreshToken,
    audience,
    ...(scope ? { scope } : {}),
  });

describe("the built-in MFA API audience", () => {
  it("a token for {issuer}/mfa/ needs an MFA; it carries the four MFA API scopes", async () => {
    const u = await enrolledUser(t);
    const claims = decodeJwt(u.mfaApiToken);
    expect(claims.aud).toBe(mfaAudienceOf(t));
    expect(claims.scope).toBe(
      "read:authenticators enroll remove:authenticators update:authenticators",
    );
    expect(claims.amr).toEqual(expect.arrayContaining(["mfa", "otp"]));
  });

  it("an MFA older than 300 s → mfa_required (challenge), a fresh one → a token", async () => {
    const u = await enrolledUser(t);
    t.clock.advance(301);
    const stale = await refresh(u.refreshToken, mfaAudienceOf(t));
    expect([stale.status, stale.body.error]).toEqual([403, "mfa_required"]);
    expect(stale.body.mfa_requirements).toEqual({
      challenge: [{ type: "otp" }, { type: "recovery-code" }],
    });
    const fresh = await calls.token({
      grant_type: OTP_GRANT,
      mfa_token: stale.body.mfa_token,
      otp: await generateTotp(u.secret, t.clock.now()),
    });
    expect(fresh.status).toBe(200);
    expect(decodeJwt(fresh.body.access_token).aud).toBe(mfaAudienceOf(t));
    // Within 300 s of that MFA a refresh for the MFA API needs no new one.
    t.clock.advance(200);
    expect((await refresh(fresh.body.refresh_token, mfaAudienceOf(t))).status).toBe(200);
  });

  it("a scope outside the MFA API's → invalid_scope", async () => {
    const u = await enrolledUser(t);
    const answer = await refresh(u.refreshToken, mfaAudienceOf(t), "payments:write");
    expect([answer.status, answer.body.error]).toEqual([400, "invalid_scope"]);
  });
});

describe("GET /mfa/authenticators with an access token", () => {
  it("lists the caller's factors", async () => {
    const u = await enrolledUser(t);
    const answer = await calls.bearer("GET", "/mfa/authenticators", u.mfaApiToken);
    expect(answer.status).toBe(200);
    expect(answer.body.map((a: { id: string }) => a.id)).toEqual([
      u.authenticatorId,
      expect.stringMatching(/^recovery-code\|/),
    ]);
  });

  const refusals: Array<
    [string, (u: Awaited<ReturnType<typeof enrolledUser>>) => Promise<string>, number, string]
  > = [
    [
      "a token without read:authenticators",
      async (u) => (await refresh(u.refreshToken, mfaAudienceOf(t), "enroll")).body.access_token,
      403,
      "insufficient_scope",
    ],
    [
      "a token for another audience",
      async (u) => (await refresh(u.refreshToken, t.audience)).body.access_token,
      401,
      "invalid_token",
    ],
    [
      "a token with a broken signature",
      async (u) => `${u.mfaApiToken.slice(0, -6)}AAAAAA`,
      401,
      "invalid_token",
    ],
    [
      "an expired token",
      async (u) => {
        t.clock.advance(601);
        return u.mfaApiToken;
      },
      401,
      "invalid_token",
    ],
    ["a garbage JWT", async () => "a.b.c", 401, "invalid_token"],
  ];
  it.each(refusals.map(([name, make, status, error]) => ({ name, make, status, error })))(
    "$name → $status $error",
    async ({ make, status, error }) => {
      const u = await enrolledUser(t);
      const answer = await calls.bearer("GET", "/mfa/authenticators", await make(u));
      expect([answer.status, answer.body.error]).toEqual([status, error]);
    },
  );

  it("a token of another issuer (other keys) → 401 invalid_token", async () => {
    const other = await startTestIssuer();
    try {
      const foreign = await enrolledUser(other);
      const answer = await calls.bearer("GET", "/mfa/authenticators", foreign.mfaApiToken);
      expect([answer.status, answer.body.error]).toEqual([401, "invalid_token"]);
    } finally {
      await other.close();
    }
  }, 120_000);
});

describe("DELETE /mfa/authenticators/{id}", () => {
  const del = (id: string, raw: string | undefined) =>
    calls.bearer("DELETE", `/mfa/authenticators/${encodeURIComponent(id)}`, raw);

  it("removes the caller's factor (204); the last one takes the recovery codes along", async () => {
    const u = await enrolledUser(t);
    const answer = await del(u.authenticatorId, u.mfaApiToken);
    expect(answer.status).toBe(204);
    expect((await calls.bearer("GET", "/mfa/authenticators", u.mfaApiToken)).body).toEqual([]);
    // With nothing left, the next step-up asks to enroll; the old codes are gone.
    t.clock.advance(301);
    const stop = await refresh(u.refreshToken, t.audience);
    expect(stop.body.mfa_requirements).toEqual({
      enroll: [
        { type: "otp" },
        { type: "email" },
        { type: "sms" },
        { type: "webauthn" },
        { type: "push" },
      ],
    });
    const recovery = await calls.token({
      grant_type: RECOVERY_GRANT,
      mfa_token: stop.body.mfa_token,
      recovery_code: u.recoveryCodes[0]!,
    });
    expect([recovery.status, recovery.body.error]).toEqual([403, "invalid_grant"]);
  });

  it("another user's factor → 404 not_found, and it stays", async () => {
    const alice = await enrolledUser(t);
    const bob = await enrolledUser(t);
    const answer = await del(bob.authenticatorId, alice.mfaApiToken);
    expect([answer.status, answer.body.error]).toEqual([404, "not_found"]);
    const bobs = await calls.bearer("GET", "/mfa/authenticators", bob.mfaApiToken);
    expect(bobs.body.map((a: { id: string }) => a.id)).toContain(bob.authenticatorId);
  });

  it.each([
    ["an unknown id", "totp|nope", 404, "not_found"],
    ["an id without a type", "nope", 404, "not_found"],
    ["an unknown type", "fax|1", 404, "not_found"],
  ])("%s (%s) → %d %s", async (_name, id, status, error) => {
    const u = await enrolledUser(t);
    const answer = await del(id, u.mfaApiToken);
    expect([answer.status, answer.body.error]).toEqual([status, error]);
  });

  it("the recovery-code set cannot be removed (400); another user's set → 404", async () => {
    const alice = await enrolledUser(t);
    const bob = await enrolledUser(t);
    const setOf = async (u: typeof alice) =>
      (await calls.bearer("GET", "/mfa/authenticators", u.mfaApiToken)).body[1].id as string;
    const own = await del(await setOf(alice), alice.mfaApiToken);
    expect([own.status, own.body.error]).toEqual([400, "invalid_request"]);
    const others = await del(await setOf(bob), alice.mfaApiToken);
    expect([others.status, others.body.error]).toEqual([404, "not_found"]);
  });

  it("needs remove:authenticators, and refuses an mfa_token", async () => {
    const u = await enrolledUser(t);
    const readOnly = (await refresh(u.refreshToken, mfaAudienceOf(t), "read:authenticators")).body
      .access_token;
    const scoped = await del(u.authenticatorId, readOnly);
    expect([scoped.status, scoped.body.error]).toEqual([403, "insufficient_scope"]);
    t.clock.advance(301);
    const stop = await refresh(u.refreshToken, t.audience);
    const withMfaToken = await del(u.authenticatorId, stop.body.mfa_token);
    expect([withMfaToken.status, withMfaToken.body.error]).toEqual([401, "invalid_token"]);
    const none = await del(u.authenticatorId, undefined);
    expect([none.status, none.body.error]).toEqual([401, "invalid_token"]);
  });
});

describe("POST /mfa/recovery-codes", () => {
  it("answers a new set; the old codes stop working, the new ones work", async () => {
    const u = await enrolledUser(t);
    const answer = await calls.bearer("POST", "/mfa/recovery-codes", u.mfaApiToken, {});
    expect(answer.status).toBe(200);
    expect(answer.body.recovery_codes).toHaveLength(10);
    t.clock.advance(301);
    const stop = await refresh(u.refreshToken, t.audience);
    const old = await calls.token({
      grant_type: RECOVERY_GRANT,
      mfa_token: stop.body.mfa_token,
      recovery_code: u.recoveryCodes[0]!,
    });
    expect([old.status, old.body.error]).toEqual([403, "invalid_grant"]);
    const fresh = await calls.token({
      grant_type: RECOVERY_GRANT,
      mfa_token: stop.body.mfa_token,
      recovery_code: answer.body.recovery_codes[0],
    });
    expect(fresh.status).toBe(200);
    expect(fresh.body.recovery_codes_remaining).toBe(10); // the used one was replaced
    expect(fresh.body.recovery_code).toEqual(expect.any(String));
  });

  it("needs the enroll scope", async () => {
    const u = await enrolledUser(t);
    const readOnly = (await refresh(u.refreshToken, mfaAudienceOf(t), "read:authenticators")).body
      .access_token;
    const answer = await calls.bearer("POST", "/mfa/recovery-codes", readOnly, {});
    expect([answer.status, answer.body.error]).toEqual([403, "insufficient_scope"]);
  });
});

describe("POST /mfa/associate for a further factor", () => {
  it("with only an mfa_token while a factor exists → 409 already_enrolled", async () => {
    const u = await enrolledUser(t);
    t.clock.advance(301);
    const stop = await refresh(u.refreshToken, t.audience);
    const answer = await calls.bearer("POST", "/mfa/associate", stop.body.mfa_token, {
      authenticator_types: ["otp"],
    });
    expect([answer.status, answer.body.error]).toEqual([409, "already_enrolled"]);
  });

  it("with the access token: a second otp, confirmed by the otp grant with that token", async () => {
    const u = await enrolledUser(t);
    const added = await calls.bearer("POST", "/mfa/associate", u.mfaApiToken, {
      authenticator_types: ["otp"],
    });
    expect(added.status).toBe(200);
    expect(added.body.recovery_codes).toBeUndefined();
    const code = await generateTotp(added.body.secret, t.clock.now());
    // Another client cannot use this user's token to confirm.
    const foreign = await calls.token(
      { grant_type: OTP_GRANT, mfa_token: u.mfaApiToken, otp: code },
      OTHER,
    );
    expect([foreign.status, foreign.body.error]).toEqual([401, "invalid_token"]);
    const wrong = await calls.token({
      grant_type: OTP_GRANT,
      mfa_token: u.mfaApiToken,
      otp: await generateTotp(u.secret, t.clock.now()), // the first factor's code
    });
    expect([wrong.status, wrong.body.error]).toEqual([403, "invalid_grant"]);
    const confirmed = await calls.token({
      grant_type: OTP_GRANT,
      mfa_token: u.mfaApiToken,
      otp: code,
    });
    expect(confirmed.status).toBe(200);
    expect(decodeJwt(confirmed.body.access_token).aud).toBe(mfaAudienceOf(t));
    expect(confirmed.body.refresh_token).toBeUndefined();
    const list = await calls.bearer("GET", "/mfa/authenticators", u.mfaApiToken);
    expect(list.body.map((a: { id: string }) => a.id)).toEqual([
      u.authenticatorId,
      added.body.id,
      expect.stringMatching(/^recovery-code\|/),
    ]);
    // Nothing pending is left to confirm, and the step was used.
    const again = await calls.token({ grant_type: OTP_GRANT, mfa_token: u.mfaApiToken, otp: code });
    expect([again.status, again.body.error]).toEqual([403, "invalid_grant"]);
  });

  it("an access token without enroll → 403 insufficient_scope", async () => {
    const u = await enrolledUser(t);
    const readOnly = (await refresh(u.refreshToken, mfaAudienceOf(t), "read:authenticators")).body
      .access_token;
    const answer = await calls.bearer("POST", "/mfa/associate", readOnly, {
      authenticator_types: ["otp"],
    });
    expect([answer.status, answer.body.error]).toEqual([403, "insufficient_scope"]);
  });
});

it("a user without factors asking for the MFA API is sent to enroll (no token without MFA)", async () => {
  const user = await createUser(t);
  const answer = await refresh(await signIn(t, user), mfaAudienceOf(t));
  expect([answer.status, answer.body.error]).toEqual([403, "mfa_required"]);
  expect(answer.body.mfa_requirements).toEqual({
    enroll: [
      { type: "otp" },
      { type: "email" },
      { type: "sms" },
      { type: "webauthn" },
      { type: "push" },
    ],
  });
});
