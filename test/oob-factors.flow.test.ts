// Email and SMS factors through the issuer's public HTTP API (PROTOCOL.md part A):
// enrollment, challenge, the mfa-oob grant, and what the outbox received.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  readLatestCode,
  readOutbox,
  startTestIssuer,
  type TestIssuer,
} from "../src/testing/index.js";
import {
  challengeCall,
  claimsOf,
  mfaCall,
  newUserAtStepUp,
  OOB_GRANT,
  randomPhone,
  requireMfa,
  tokenCall,
} from "./helpers/issuer-calls.js";

// One issuer for the file (PGlite start is slow); each test makes its own user.
let t: TestIssuer;
beforeAll(async () => {
  t = await startTestIssuer();
}, 120_000);
afterAll(() => t.close());

const CHANNELS = [
  {
    channel: "email" as const,
    destination: () => `jane.${Math.random().toString(36).slice(2)}@example.com`,
    body: (to: string) => ({ email: to }),
    masked: (to: string) => `${to[0]}***@example.com`,
  },
  {
    channel: "sms" as const,
    destination: randomPhone,
    body: (to: string) => ({ phone_number: to }),
    masked: (to: string) => `+1 ***-***-${to.slice(-4)}`,
  },
];

/** A new user with a confirmed factor of `channel`, stopped again by mfa_required. */
async function enrolledAtStepUp(spec: (typeof CHANNELS)[number]) {
  const s = await newUserAtStepUp(t);
  const to = spec.destination();
  const enrollment = await mfaCall(t, "/mfa/associate", s.mfaToken, {
    authenticator_types: ["oob"],
    oob_channels: [spec.channel],
    ...spec.body(to),
  });
  expect(enrollment.status).toBe(200);
  const confirmed = await tokenCall(t, {
    grant_type: OOB_GRANT,
    mfa_token: s.mfaToken,
    oob_code: enrollment.body.oob_code,
    binding_code: await readLatestCode(t, to),
  });
  expect(confirmed.status).toBe(200);
  const again = await requireMfa(t, confirmed.body.refresh_token, 0);
  return { ...s, to, mfaToken: again.mfaToken, requirements: again.requirements, enrollment };
}

describe.each(CHANNELS)("$channel factor", (spec) => {
  it("enrolls: the first code goes out, the mfa-oob grant confirms it, amr names the factor", async () => {
    const s = await newUserAtStepUp(t);
    const to = spec.destination();
    const enrollment = await mfaCall(t, "/mfa/associate", s.mfaToken, {
      authenticator_types: ["oob"],
      oob_channels: [spec.channel],
      ...spec.body(to),
    });
    expect(enrollment.status).toBe(200);
    expect(enrollment.body).toEqual({
      authenticator_type: "oob",
      id: expect.stringMatching(new RegExp(`^${spec.channel}\\|`)),
      oob_channel: spec.channel,
      oob_code: expect.any(String),
      binding_method: "prompt",
      recovery_codes: expect.any(Array),
    });
    expect(enrollment.body.recovery_codes).toHaveLength(10);
    const [message] = await readOutbox(t, { to });
    expect(message).toEqual(expect.objectContaining({ channel: spec.channel, to }));
    if (spec.channel === "email") expect(message!.subject).toEqual(expect.any(String));

    // Not a factor until confirmed.
    expect((await mfaCall(t, "/mfa/authenticators", s.mfaToken)).body).toEqual([]);

    const granted = await tokenCall(t, {
      grant_type: OOB_GRANT,
      mfa_token: s.mfaToken,
      oob_code: enrollment.body.oob_code,
      binding_code: await readLatestCode(t, to),
    });
    expect(granted.status).toBe(200);
    expect(claimsOf(granted.body.access_token).amr).toEqual(
      expect.arrayContaining(["mfa", spec.channel]),
    );

    const again = await requireMfa(t, granted.body.refresh_token, 0);
    expect(again.requirements).toEqual({
      challenge: [{ type: spec.channel }, { type: "recovery-code" }],
    });
    const list = await mfaCall(t, "/mfa/authenticators", again.mfaToken);
    expect(list.body[0]).toEqual({
      id: enrollment.body.id,
      authenticator_type: "oob",
      oob_channel: spec.channel,
      name: spec.masked(to),
      active: true,
      created_at: expect.any(String),
      last_auth: expect.any(String),
    });
    expect(JSON.stringify(list.body)).not.toContain(to);
  });

  it("challenges: a new code per challenge, redeemed for tokens with amr", async () => {
    const s = await enrolledAtStepUp(spec);
    const challenge = await challengeCall(t, s.mfaToken, {
      challenge_type: "oob",
      authenticator_id: s.enrollment.body.id,
    });
    expect(challenge.status).toBe(200);
    expect(challenge.body).toEqual({
      challenge_type: "oob",
      oob_code: expect.any(String),
      binding_method: "prompt",
    });
    expect(await readOutbox(t, { to: s.to })).toHaveLength(2);
    const granted = await tokenCall(t, {
      grant_type: OOB_GRANT,
      mfa_token: s.mfaToken,
      oob_code: challenge.body.oob_code,
      binding_code: await readLatestCode(t, s.to),
    });
    expect(granted.status).toBe(200);
    const claims = claimsOf(granted.body.access_token);
    expect(claims.aud).toBe(t.audience);
    expect(claims.amr).toEqual(expect.arrayContaining(["mfa", spec.channel]));
  });
});

describe("the mfa-oob grant", () => {
  it("defaults the challenge to the first confirmed email/sms factor", async () => {
    const s = await enrolledAtStepUp(CHANNELS[0]!);
    const challenge = await challengeCall(t, s.mfaToken, { challenge_type: "oob" });
    expect(challenge.status).toBe(200);
    expect(await readOutbox(t, { to: s.to })).toHaveLength(2);
    const granted = await tokenCall(t, {
      grant_type: OOB_GRANT,
      mfa_token: s.mfaToken,
      oob_code: challenge.body.oob_code,
      binding_code: await readLatestCode(t, s.to),
    });
    expect(granted.status).toBe(200);
  });

  it("counts wrong codes against the mfa_token like wrong TOTP codes (5, then 429)", async () => {
    const s = await enrolledAtStepUp(CHANNELS[1]!);
    const challenge = await challengeCall(t, s.mfaToken, { challenge_type: "oob" });
    const code = await readLatestCode(t, s.to);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    for (let i = 0; i < 5; i++) {
      const answer = await tokenCall(t, {
        grant_type: OOB_GRANT,
        mfa_token: s.mfaToken,
        oob_code: challenge.body.oob_code,
        binding_code: wrong,
      });
      expect(answer.status).toBe(403);
      expect(answer.body.error).toBe("invalid_grant");
    }
    const limited = await tokenCall(t, {
      grant_type: OOB_GRANT,
      mfa_token: s.mfaToken,
      oob_code: challenge.body.oob_code,
      binding_code: code,
    });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe("too_many_attempts");
    expect(limited.body.retry_after).toBe(Number(limited.headers.get("retry-after")));
  });

  it("refuses an expired code", async () => {
    const s = await enrolledAtStepUp(CHANNELS[0]!);
    const challenge = await challengeCall(t, s.mfaToken, { challenge_type: "oob" });
    const code = await readLatestCode(t, s.to);
    // The code and its mfa_token both live 5 minutes; the code is the younger,
    // so through the clock alone the token is what runs out first.
    t.clock.advance(301);
    const late = await tokenCall(t, {
      grant_type: OOB_GRANT,
      mfa_token: s.mfaToken,
      oob_code: challenge.body.oob_code,
      binding_code: code,
    });
    expect(late.status).toBe(401);
    expect(late.body.error).toBe("expired_token");
  });

  it("refuses a code past its own expiry while the mfa_token still lives", async () => {
    const s = await enrolledAtStepUp(CHANNELS[1]!);
    const challenge = await challengeCall(t, s.mfaToken, { challenge_type: "oob" });
    // Age the code alone (its row is the only thing moved back in time).
    await t.issuer.db.query("UPDATE oob_codes SET expires_at = $1 WHERE user_id = $2", [
      t.clock.now() - 1,
      s.userId,
    ]);
    const late = await tokenCall(t, {
      grant_type: OOB_GRANT,
      mfa_token: s.mfaToken,
      oob_code: challenge.body.oob_code,
      binding_code: await readLatestCode(t, s.to),
    });
    expect(late.status).toBe(403);
    expect(late.body.error).toBe("invalid_grant");
  });

  it("lets a code work once, even when two grants race", async () => {
    const s = await enrolledAtStepUp(CHANNELS[0]!);
    const challenge = await challengeCall(t, s.mfaToken, { challenge_type: "oob" });
    const params = {
      grant_type: OOB_GRANT,
      mfa_token: s.mfaToken,
      oob_code: challenge.body.oob_code,
      binding_code: await readLatestCode(t, s.to),
    };
    const answers = await Promise.all([tokenCall(t, params), tokenCall(t, params)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
    // Replayed with a new mfa_token of the same user: still refused.
    const next = await requireMfa(t, answers.find((a) => a.status === 200)!.body.refresh_token, 0);
    const replay = await tokenCall(t, { ...params, mfa_token: next.mfaToken });
    expect(replay.status).toBe(403);
    expect(replay.body.error).toBe("invalid_grant");
    const [row] = await t.issuer.db.query<{ consumed_at: number | null }>(
      "SELECT consumed_at FROM oob_codes WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1",
      [s.userId],
    );
    expect(row!.consumed_at).not.toBeNull();
  });

  it("refuses a code with another user's mfa_token (invalid_grant)", async () => {
    const alice = await enrolledAtStepUp(CHANNELS[0]!);
    const bob = await enrolledAtStepUp(CHANNELS[0]!);
    const challenge = await challengeCall(t, alice.mfaToken, { challenge_type: "oob" });
    const answer = await tokenCall(t, {
      grant_type: OOB_GRANT,
      mfa_token: bob.mfaToken,
      oob_code: challenge.body.oob_code,
      binding_code: await readLatestCode(t, alice.to),
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toBe("invalid_grant");
  });

  it("stores the code hashed and the destination sealed", async () => {
    const s = await enrolledAtStepUp(CHANNELS[1]!);
    const code = await readLatestCode(t, s.to);
    const dump = JSON.stringify([
      await t.issuer.db.query("SELECT * FROM oob_codes WHERE user_id = $1", [s.userId]),
      await t.issuer.db.query("SELECT * FROM oob_authenticators WHERE user_id = $1", [s.userId]),
    ]);
    expect(dump).not.toContain(code);
    expect(dump).not.toContain(s.to);
    expect(dump).not.toContain(s.to.slice(1));
  });

  it("keeps otp challenges working", async () => {
    const s = await enrolledAtStepUp(CHANNELS[0]!);
    const otp = await challengeCall(t, s.mfaToken, { challenge_type: "otp" });
    expect(otp.status).toBe(400);
    expect(otp.body.error).toBe("unsupported_challenge_type"); // this user has no otp factor
  });
});

describe("malformed input → 400 invalid_request", () => {
  it.each([
    [{ authenticator_types: ["oob"] }],
    [{ authenticator_types: ["oob"], oob_channels: ["fax"], email: "a@example.com" }],
    [{ authenticator_types: ["oob"], oob_channels: ["email", "sms"], email: "a@example.com" }],
    [{ authenticator_types: ["oob"], oob_channels: ["email"] }],
    [{ authenticator_types: ["oob"], oob_channels: ["email"], email: "not-an-email" }],
    [{ authenticator_types: ["oob"], oob_channels: ["sms"], phone_number: "555-0100" }],
    [{ authenticator_types: ["oob"], oob_channels: ["sms"], email: "a@example.com" }],
    [{ authenticator_types: ["oob"], oob_channels: ["sms"], phone_number: 15555550100 }],
  ])("associate %j", async (body) => {
    const s = await newUserAtStepUp(t);
    const answer = await mfaCall(t, "/mfa/associate", s.mfaToken, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_request");
  });

  it.each([
    [{ oob_code: "x" }],
    [{ binding_code: "123456" }],
    [{ oob_code: "", binding_code: "123456" }],
  ])("mfa-oob grant %j", async (params) => {
    const s = await newUserAtStepUp(t);
    const answer = await tokenCall(t, {
      grant_type: OOB_GRANT,
      mfa_token: s.mfaToken,
      ...params,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_request");
  });

  it("challenge with an unknown authenticator_id", async () => {
    const s = await enrolledAtStepUp(CHANNELS[0]!);
    const answer = await challengeCall(t, s.mfaToken, {
      challenge_type: "oob",
      authenticator_id: "email|nope",
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_request");
  });
});
