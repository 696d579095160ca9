// Passkeys through the issuer's public HTTP API (PROTOCOL.md part A): associate
// with ["webauthn"], challenge type webauthn, the mfa-webauthn grant, and the
// management of passkeys, with real attestation and assertion objects from a
// software authenticator. Every hostile answer is refused with a coded error.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import { startTestIssuer, TEST_DEFAULTS, type TestIssuer } from "../src/testing/index.js";
import { SoftAuthenticator, type CeremonyOverrides } from "./fakes/soft-authenticator.js";
import {
  challengeCall,
  claimsOf,
  issuerCalls,
  mfaAudienceOf,
  mfaCall,
  newUserAtStepUp,
  requireMfa,
  tokenCall,
} from "./helpers/issuer-calls.js";

const WEBAUTHN_GRANT = "urn:next-stepup:grant-type:mfa-webauthn";
const APP = "http://app.test";
const ADMIN = { clientId: "admin-client", clientSecret: "admin-secret-0123456789" };
const t0Audience = TEST_DEFAULTS.audience;
const PAYEES = "https://api.example.com/payees";
const OTP_ONLY = "https://api.example.com/otp-only";

// One issuer for the file (PGlite start is slow); each test makes its own user.
let t: TestIssuer;
beforeAll(async () => {
  t = await startTestIssuer({
    apis: [
      { audience: t0Audience, requireMfa: true, maxAge: 300, scopes: ["payments:write"] },
      // Passkey-only: a changed payee may receive money, so only a phishing-resistant factor (or a recovery code).
      {
        audience: PAYEES,
        requireMfa: true,
        maxAge: 300,
        scopes: ["payees:write"],
        factors: ["webauthn", "recovery-code"],
      },
      { audience: OTP_ONLY, requireMfa: true, factors: ["otp", "recovery-code"] },
    ],
    clients: [
      {
        clientId: TEST_DEFAULTS.clientId,
        clientSecret: randomBytes(24).toString("base64url"),
        redirectUris: [TEST_DEFAULTS.redirectUri],
      },
      {
        ...ADMIN,
        redirectUris: [TEST_DEFAULTS.redirectUri],
        adminScopes: ["read:authenticators", "update:authenticators", "delete:authenticators"],
      },
    ],
  });
}, 120_000);
afterAll(() => t.close());

const associate = (mfaToken: string, extra: Record<string, unknown> = {}) =>
  mfaCall(t, "/mfa/associate", mfaToken, { authenticator_types: ["webauthn"], ...extra });

const challenge = (mfaToken: string, extra: Record<string, string> = {}) =>
  challengeCall(t, mfaToken, { challenge_type: "webauthn", ...extra });

const grant = (mfaToken: string, oobCode: string, response: object | string) =>
  tokenCall(t, {
    grant_type: WEBAUTHN_GRANT,
    mfa_token: mfaToken,
    oob_code: oobCode,
    webauthn_response: typeof response === "string" ? response : JSON.stringify(response),
  });

/** A new user who registered a passkey during a step-up, then is stopped again (max_age 0). */
async function enrolled(authenticator = new SoftAuthenticator()) {
  const s = await newUserAtStepUp(t);
  const enrollment = await associate(s.mfaToken, { name: "Work laptop" });
  expect(enrollment.status).toBe(200);
  const done = await grant(
    s.mfaToken,
    enrollment.body.oob_code,
    authenticator.register(enrollment.body.options, { origin: APP }),
  );
  expect(done.status).toBe(200);
  const again = await requireMfa(t, done.body.refresh_token, 0);
  return {
    ...s,
    authenticator,
    id: enrollment.body.id as string,
    recoveryCodes: enrollment.body.recovery_codes as string[],
    enrolledTokens: done.body,
    mfaToken: again.mfaToken,
    requirements: again.requirements,
  };
}

async function auditTypes(userId: string): Promise<string[]> {
  const rows = await t.issuer.db.query<{ type: string }>(
    "SELECT type FROM audit_events WHERE user_id = $1 ORDER BY created_at, type",
    [userId],
  );
  return rows.map((row) => row.type);
}

describe("registration", () => {
  it("associate answers creation options bound to the client's RP ID, an oob_code and recovery codes", async () => {
    const s = await newUserAtStepUp(t);
    expect(s.requirements.enroll).toContainEqual({ type: "webauthn" });
    const answer = await associate(s.mfaToken);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      authenticator_type: "webauthn",
      id: expect.stringMatching(/^webauthn\|/),
      oob_code: expect.any(String),
      options: expect.objectContaining({
        rp: { id: "app.test", name: "issuer.test" },
        challenge: expect.stringMatching(/^[A-Za-z0-9_-]{32,}$/),
        attestation: "none",
        timeout: 300_000,
        excludeCredentials: [],
        authenticatorSelection: expect.objectContaining({
          residentKey: "preferred",
          userVerification: "required",
        }),
      }),
      recovery_codes: expect.any(Array),
    });
    // The user handle is the opaque user id, never the email.
    expect(Buffer.from(answer.body.options.user.id, "base64url").toString()).toBe(s.userId);
  });

  it("the grant registers the passkey: amr mfa + hwk, listed with its name and backup flags", async () => {
    const s = await enrolled();
    expect(claimsOf(s.enrolledTokens.access_token).amr).toEqual(
      expect.arrayContaining(["pwd", "mfa", "hwk"]),
    );
    expect(s.requirements).toEqual({
      challenge: [{ type: "webauthn" }, { type: "recovery-code" }],
    });
    const listed = await mfaCall(t, "/mfa/authenticators", s.mfaToken);
    expect(listed.body[0]).toEqual({
      id: s.id,
      authenticator_type: "webauthn",
      name: "Work laptop",
      active: true,
      created_at: expect.any(String),
      last_auth: expect.any(String),
      backup_eligible: false,
      backed_up: false,
      transports: ["internal"],
    });
    expect(await auditTypes(s.userId)).toEqual(["mfa.enrolled", "mfa.verified"]);
  });

  it("a synced (multi-device) passkey adds swk, not hwk", async () => {
    const s = await enrolled(new SoftAuthenticator({ deviceType: "multiDevice", backedUp: true }));
    const amr = claimsOf(s.enrolledTokens.access_token).amr;
    expect(amr).toEqual(expect.arrayContaining(["mfa", "swk"]));
    expect(amr).not.toContain("hwk");
    const listed = await mfaCall(t, "/mfa/authenticators", s.mfaToken);
    expect(listed.body[0]).toEqual(
      expect.objectContaining({ backup_eligible: true, backed_up: true }),
    );
  });

  it.each<[string, Partial<CeremonyOverrides>]>([
    ["a wrong origin", { origin: "http://evil.test" }],
    ["a wrong RP ID", { rpId: "evil.test" }],
    ["a wrong challenge", { challenge: randomBytes(32).toString("base64url") }],
    ["missing user verification", { userVerified: false }],
    ["an assertion type", { type: "webauthn.get" }],
  ])("refuses %s: invalid_grant, nothing registered", async (_name, overrides) => {
    const s = await newUserAtStepUp(t);
    const enrollment = await associate(s.mfaToken);
    const response = new SoftAuthenticator().register(enrollment.body.options, {
      origin: APP,
      ...overrides,
    });
    const answer = await grant(s.mfaToken, enrollment.body.oob_code, response);
    expect([answer.status, answer.body.error]).toEqual([403, "invalid_grant"]);
    expect((await mfaCall(t, "/mfa/authenticators", s.mfaToken)).body).toEqual([]);
  });

  it("a malformed webauthn_response is invalid_request and does not spend the ceremony", async () => {
    const s = await newUserAtStepUp(t);
    const enrollment = await associate(s.mfaToken);
    for (const bad of ["not json", "{}", JSON.stringify({ id: "x", type: "public-key" })]) {
      const answer = await grant(s.mfaToken, enrollment.body.oob_code, bad);
      expect([answer.status, answer.body.error]).toEqual([400, "invalid_request"]);
    }
    const ok = await grant(
      s.mfaToken,
      enrollment.body.oob_code,
      new SoftAuthenticator().register(enrollment.body.options, { origin: APP }),
    );
    expect(ok.status).toBe(200);
  });

  it("a name with control characters is invalid_request", async () => {
    const s = await newUserAtStepUp(t);
    const answer = await associate(s.mfaToken, { name: "bad\u0007name" });
    expect([answer.status, answer.body.error]).toEqual([400, "invalid_request"]);
  });

  it("with a factor enrolled, associate needs a challenge first (already_enrolled)", async () => {
    const s = await enrolled();
    const answer = await associate(s.mfaToken);
    expect([answer.status, answer.body.error]).toEqual([409, "already_enrolled"]);
  });
});

describe("authentication", () => {
  it("challenge answers request options for the user's passkey and an oob_code; the grant steps up", async () => {
    const s = await enrolled();
    const started = await challenge(s.mfaToken);
    expect(started.status).toBe(200);
    expect(started.body).toEqual({
      challenge_type: "webauthn",
      oob_code: expect.any(String),
      options: expect.objectContaining({
        rpId: "app.test",
        userVerification: "required",
        timeout: 300_000,
        allowCredentials: [
          {
            id: [...s.authenticator.credentials.keys()][0],
            type: "public-key",
            transports: ["internal"],
          },
        ],
      }),
    });
    const answer = await grant(
      s.mfaToken,
      started.body.oob_code,
      s.authenticator.authenticate(started.body.options, { origin: APP }),
    );
    expect(answer.status).toBe(200);
    expect(claimsOf(answer.body.access_token).amr).toEqual(expect.arrayContaining(["mfa", "hwk"]));
    expect(answer.body.refresh_token).toEqual(expect.any(String));
  });

  it("a passkey without a signature counter (0, 0) steps up again and again", async () => {
    const s = await enrolled(new SoftAuthenticator({ deviceType: "multiDevice", noCounter: true }));
    let mfaToken = s.mfaToken;
    for (let i = 0; i < 2; i++) {
      const started = await challenge(mfaToken);
      const answer = await grant(
        mfaToken,
        started.body.oob_code,
        s.authenticator.authenticate(started.body.options, { origin: APP }),
      );
      expect(answer.status).toBe(200);
      mfaToken = (await requireMfa(t, answer.body.refresh_token, 0)).mfaToken;
    }
  });

  it.each<[string, Partial<CeremonyOverrides>]>([
    ["a wrong origin", { origin: "http://evil.test" }],
    ["the issuer's origin on another domain", { origin: "http://issuer.test" }],
    ["a wrong RP ID", { rpId: "evil.test" }],
    ["a wrong challenge", { challenge: randomBytes(32).toString("base64url") }],
    ["missing user verification", { userVerified: false }],
    ["a registration type", { type: "webauthn.create" }],
  ])("refuses %s: invalid_grant", async (_name, overrides) => {
    const s = await enrolled();
    const started = await challenge(s.mfaToken);
    const response = s.authenticator.authenticate(started.body.options, {
      origin: APP,
      ...overrides,
    });
    const answer = await grant(s.mfaToken, started.body.oob_code, response);
    expect([answer.status, answer.body.error]).toEqual([403, "invalid_grant"]);
  });

  it("a challenge is answered once: after a refused answer, the right one finds it spent", async () => {
    const s = await enrolled();
    const started = await challenge(s.mfaToken);
    const wrong = s.authenticator.authenticate(started.body.options, {
      origin: APP,
      userVerified: false,
    });
    expect((await grant(s.mfaToken, started.body.oob_code, wrong)).body.error).toBe(
      "invalid_grant",
    );
    const right = s.authenticator.authenticate(started.body.options, { origin: APP });
    const reused = await grant(s.mfaToken, started.body.oob_code, right);
    expect([reused.status, reused.body.error]).toEqual([403, "invalid_grant"]);
    // A new challenge works: the mfa_token was not spent by the refusals.
    const next = await challenge(s.mfaToken);
    const ok = await grant(
      s.mfaToken,
      next.body.oob_code,
      s.authenticator.authenticate(next.body.options, { origin: APP }),
    );
    expect(ok.status).toBe(200);
  });

  it("a new challenge replaces the open one of the same mfa_token", async () => {
    const s = await enrolled();
    const first = await challenge(s.mfaToken);
    await challenge(s.mfaToken);
    const answer = await grant(
      s.mfaToken,
      first.body.oob_code,
      s.authenticator.authenticate(first.body.options, { origin: APP }),
    );
    expect([answer.status, answer.body.error]).toEqual([403, "invalid_grant"]);
  });

  it("refuses a replayed assertion, with its own oob_code or a new one", async () => {
    const s = await enrolled();
    const started = await challenge(s.mfaToken);
    const assertion = s.authenticator.authenticate(started.body.options, { origin: APP });
    const first = await grant(s.mfaToken, started.body.oob_code, assertion);
    expect(first.status).toBe(200);

    const next = await requireMfa(t, first.body.refresh_token, 0);
    // The old oob_code belongs to a spent mfa_token.
    const sameCode = await grant(next.mfaToken, started.body.oob_code, assertion);
    expect([sameCode.status, sameCode.body.error]).toEqual([403, "invalid_grant"]);
    // A new challenge: the old assertion signed another challenge.
    const fresh = await challenge(next.mfaToken);
    const replayed = await grant(next.mfaToken, fresh.body.oob_code, assertion);
    expect([replayed.status, replayed.body.error]).toEqual([403, "invalid_grant"]);
  });

  it("refuses another user's passkey answering this user's challenge", async () => {
    const alice = await enrolled();
    const bob = await enrolled();
    const started = await challenge(alice.mfaToken);
    const bobsCredential = [...bob.authenticator.credentials.keys()][0]!;
    const response = bob.authenticator.authenticate(started.body.options, {
      origin: APP,
      credentialId: bobsCredential,
    });
    const answer = await grant(alice.mfaToken, started.body.oob_code, response);
    expect([answer.status, answer.body.error]).toEqual([403, "invalid_grant"]);
    // Bob's challenge cannot be redeemed with Alice's mfa_token either.
    const bobs = await challenge(bob.mfaToken);
    const crossed = await grant(
      alice.mfaToken,
      bobs.body.oob_code,
      bob.authenticator.authenticate(bobs.body.options, { origin: APP }),
    );
    expect([crossed.status, crossed.body.error]).toEqual([403, "invalid_grant"]);
  });

  it("refuses a signature counter that goes backwards and audits it", async () => {
    const s = await enrolled();
    const started = await challenge(s.mfaToken);
    // Registration reported counter 1: an assertion reporting 1 again is a clone's.
    const cloned = s.authenticator.authenticate(started.body.options, { origin: APP, counter: 1 });
    const answer = await grant(s.mfaToken, started.body.oob_code, cloned);
    expect([answer.status, answer.body.error]).toEqual([403, "invalid_grant"]);
    expect(await auditTypes(s.userId)).toEqual(
      expect.arrayContaining(["mfa.counter_regressed", "mfa.failed"]),
    );
  });

  it("refused answers spend the mfa_token's budget: the sixth is too_many_attempts", async () => {
    const s = await enrolled();
    for (let i = 0; i < 5; i++) {
      const started = await challenge(s.mfaToken);
      const wrong = s.authenticator.authenticate(started.body.options, {
        origin: "http://evil.test",
      });
      expect((await grant(s.mfaToken, started.body.oob_code, wrong)).body.error).toBe(
        "invalid_grant",
      );
    }
    const blocked = await challenge(s.mfaToken);
    expect([blocked.status, blocked.body.error]).toEqual([429, "too_many_attempts"]);
  });

  it("an unknown authenticator_id is invalid_request; a user without a passkey gets unsupported_challenge_type", async () => {
    const s = await enrolled();
    const unknown = await challenge(s.mfaToken, { authenticator_id: "webauthn|nope" });
    expect([unknown.status, unknown.body.error]).toEqual([400, "invalid_request"]);
    const other = await newUserAtStepUp(t);
    const none = await challenge(other.mfaToken);
    expect([none.status, none.body.error]).toEqual([400, "unsupported_challenge_type"]);
  });
});

describe("managing passkeys", () => {
  /** An MFA API access token right after the passkey MFA (fresh enough for the MFA API). */
  async function mfaApiToken(s: Awaited<ReturnType<typeof enrolled>>): Promise<string> {
    const answer = await tokenCall(t, {
      grant_type: "refresh_token",
      refresh_token: s.enrolledTokens.refresh_token,
      audience: mfaAudienceOf(t),
    });
    expect(answer.status).toBe(200);
    return answer.body.access_token;
  }

  it("the user renames and removes a passkey through the MFA API; the last one takes the recovery codes", async () => {
    const s = await enrolled();
    const { bearer } = issuerCalls(t);
    const token = await mfaApiToken(s);
    const renamed = await bearer(
      "PATCH",
      `/mfa/authenticators/${encodeURIComponent(s.id)}`,
      token,
      {
        name: "  Phone  ",
      },
    );
    expect([renamed.status, renamed.body.name, renamed.body.id]).toEqual([200, "Phone", s.id]);
    const bad = await bearer("PATCH", `/mfa/authenticators/${encodeURIComponent(s.id)}`, token, {
      name: "",
    });
    expect([bad.status, bad.body.error]).toEqual([400, "invalid_request"]);
    const removed = await bearer(
      "DELETE",
      `/mfa/authenticators/${encodeURIComponent(s.id)}`,
      token,
    );
    expect(removed.status).toBe(204);
    expect((await bearer("GET", "/mfa/authenticators", token)).body).toEqual([]);
    expect(await auditTypes(s.userId)).toEqual(
      expect.arrayContaining(["mfa.renamed", "mfa.removed"]),
    );
  });

  it("another user's passkey is not_found; a factor named by the issuer cannot be renamed", async () => {
    const alice = await enrolled();
    const bob = await enrolled();
    const { bearer } = issuerCalls(t);
    const token = await mfaApiToken(alice);
    const foreign = await bearer(
      "PATCH",
      `/mfa/authenticators/${encodeURIComponent(bob.id)}`,
      token,
      {
        name: "Mine now",
      },
    );
    expect([foreign.status, foreign.body.error]).toEqual([404, "not_found"]);
    const gone = await bearer("DELETE", `/mfa/authenticators/${encodeURIComponent(bob.id)}`, token);
    expect(gone.status).toBe(404);
    const listed = (await bearer("GET", "/mfa/authenticators", token)).body as Array<{
      id: string;
    }>;
    const codes = listed.find((entry) => entry.id.startsWith("recovery-code|"))!;
    const fixed = await bearer(
      "PATCH",
      `/mfa/authenticators/${encodeURIComponent(codes.id)}`,
      token,
      {
        name: "x",
      },
    );
    expect([fixed.status, fixed.body.error]).toEqual([400, "invalid_request"]);
    // Renaming needs its own scope: an mfa_token is not enough.
    const withMfaToken = await bearer(
      "PATCH",
      `/mfa/authenticators/${encodeURIComponent(alice.id)}`,
      alice.mfaToken,
      { name: "x" },
    );
    expect(withMfaToken.status).toBe(401);
  });

  it("an admin lists, renames and removes a user's passkey", async () => {
    const s = await enrolled();
    const calls = issuerCalls(t);
    const admin = await calls.token(
      { grant_type: "client_credentials", audience: `${t.url}/api/v2/` },
      ADMIN,
    );
    const token = admin.body.access_token as string;
    const base = `/api/v2/users/${s.userId}/authenticators`;
    const listed = await calls.bearer("GET", base, token);
    expect(listed.body).toContainEqual(expect.objectContaining({ id: s.id, name: "Work laptop" }));
    const path = `${base}/${encodeURIComponent(s.id)}`;
    const renamed = await calls.bearer("PATCH", path, token, { name: "Lost laptop" });
    expect([renamed.status, renamed.body.name]).toEqual([200, "Lost laptop"]);
    expect((await calls.bearer("DELETE", path, token)).status).toBe(204);
    expect((await calls.bearer("GET", base, token)).body).toEqual([]);
  });
});

describe("a passkey-only API (factors: webauthn, recovery-code)", () => {
  const payees = (refreshToken: string) =>
    tokenCall(t, { grant_type: "refresh_token", refresh_token: refreshToken, audience: PAYEES });

  it("a user without factors may enroll only a passkey, which then opens the API", async () => {
    const s = await newUserAtStepUp(t);
    const stop = await payees(s.refreshToken);
    expect([stop.status, stop.body.mfa_requirements]).toEqual([
      403,
      { enroll: [{ type: "webauthn" }] },
    ]);
    const enrollment = await associate(stop.body.mfa_token);
    const done = await grant(
      stop.body.mfa_token,
      enrollment.body.oob_code,
      new SoftAuthenticator().register(enrollment.body.options, { origin: APP }),
    );
    expect(done.status).toBe(200);
    expect(claimsOf(done.body.access_token).aud).toBe(PAYEES);
  });

  it("a user with a passkey steps up with it once the MFA is older than the API's max age", async () => {
    const s = await enrolled();
    const stop = await payees(s.enrolledTokens.refresh_token);
    // The passkey MFA of the enrollment is fresh: no step-up needed yet.
    expect(stop.status).toBe(200);
    t.clock.advance(301);
    const stale = await payees(stop.body.refresh_token);
    expect(stale.body.mfa_requirements).toEqual({
      challenge: [{ type: "webauthn" }, { type: "recovery-code" }],
    });
    const started = await challenge(stale.body.mfa_token);
    const answer = await grant(
      stale.body.mfa_token,
      started.body.oob_code,
      s.authenticator.authenticate(started.body.options, { origin: APP }),
    );
    expect(answer.status).toBe(200);
    expect(claimsOf(answer.body.access_token).amr).toEqual(expect.arrayContaining(["hwk"]));
  });

  it("a passkey is refused up front for an audience that does not accept it", async () => {
    const s = await newUserAtStepUp(t);
    const stop = await tokenCall(t, {
      grant_type: "refresh_token",
      refresh_token: s.refreshToken,
      audience: OTP_ONLY,
    });
    expect(stop.body.mfa_requirements).toEqual({ enroll: [{ type: "otp" }] });
    const enrollment = await associate(stop.body.mfa_token);
    expect([enrollment.status, enrollment.body.error]).toEqual([400, "unsupported_challenge_type"]);
  });
});
