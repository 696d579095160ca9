/* eslint-disable @typescript-eslint/no-explicit-any -- wire JSON is read loosely here; the assertions check its shape. */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import {
  generateTotp,
  signInForTokens,
  startTestIssuer,
  TEST_DEFAULTS,
  type TestIssuer,
} from "../../testing/index.js";
import { insertUserIfAbsent } from "../store/users.js";

// One issuer for the file (PGlite start is slow); every test makes its own
// user, so no test depends on another's state. Only the clock is shared, and it
// only moves forward.
let t: TestIssuer;
const OTHER = { clientId: "other-client", clientSecret: "other-secret-0123456789" };
beforeAll(async () => {
  // The default test client, and another: one issuer (a second one open at once
  // would boot a second database).
  const redirectUris = [TEST_DEFAULTS.redirectUri];
  const clientSecret = randomBytes(24).toString("base64url");
  t = await startTestIssuer({
    clients: [
      { clientId: TEST_DEFAULTS.clientId, clientSecret, redirectUris },
      { ...OTHER, redirectUris },
    ],
  });
});
afterAll(() => t.close());

const OTP_GRANT = "http://auth0.com/oauth/grant-type/mfa-otp";
const RECOVERY_GRANT = "http://auth0.com/oauth/grant-type/mfa-recovery-code";

type Answer = { status: number; headers: Headers; body: any };

async function call(path: string, init: RequestInit): Promise<Answer> {
  const response = await t.fetch(`${t.url}${path}`, init);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

function token(
  params: Record<string, string>,
  client = { clientId: t.clientId, clientSecret: t.clientSecret },
) {
  return call("/oauth/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      ...params,
    }),
  });
}

function mfa(path: string, bearer: string | undefined, body?: unknown) {
  return call(path, {
    method: body === undefined ? "GET" : "POST",
    headers: {
      "content-type": "application/json",
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A fresh user, signed in, stopped by mfa_required. */
async function stepUp(): Promise<{
  mfaToken: string;
  refreshToken: string;
  requirements: unknown;
}> {
  const user = {
    email: `u-${randomBytes(6).toString("hex")}@example.com`,
    password: randomBytes(9).toString("hex"),
  };
  await insertUserIfAbsent(t.issuer.db, {
    id: randomBytes(8).toString("hex"),
    email: user.email,
    name: null,
    password_hash: await t.issuer.hashPassword(user.password),
    created_at: t.clock.now(),
  });
  const login = await signInForTokens({ ...t, user });
  return requireMfa(login.refresh_token!);
}

async function requireMfa(refreshToken: string) {
  const answer = await token({
    grant_type: "refresh_token",
    refresh_token: refreshToken,
    audience: t.audience,
  });
  expect(answer.status).toBe(403);
  expect(answer.body.error).toBe("mfa_required");
  return {
    mfaToken: answer.body.mfa_token as string,
    refreshToken,
    requirements: answer.body.mfa_requirements,
  };
}

/** A fresh user with a confirmed TOTP factor, stopped by a second mfa_required. */
async function enrolledStepUp() {
  const first = await stepUp();
  const enrollment = (await mfa("/mfa/associate", first.mfaToken, { authenticator_types: ["otp"] }))
    .body;
  const confirmed = await token({
    grant_type: OTP_GRANT,
    mfa_token: first.mfaToken,
    otp: await generateTotp(enrollment.secret, t.clock.now()),
  });
  expect(confirmed.status).toBe(200);
  const second = await token({
    grant_type: "refresh_token",
    refresh_token: confirmed.body.refresh_token,
    audience: t.audience,
    max_age: "0",
  });
  expect(second.body.error).toBe("mfa_required");
  return {
    mfaToken: second.body.mfa_token as string,
    secret: enrollment.secret as string,
    recoveryCodes: enrollment.recovery_codes as string[],
  };
}

describe("mfa_required", () => {
  it("asks a user without factors to enroll, and one with a factor to challenge", async () => {
    const fresh = await stepUp();
    expect(fresh.requirements).toEqual({
      enroll: [
        { type: "otp" },
        { type: "email" },
        { type: "sms" },
        { type: "webauthn" },
        { type: "push" },
      ],
    });
    const again = await token({
      grant_type: "refresh_token",
      refresh_token: fresh.refreshToken,
      audience: t.audience,
    });
    expect(again.body.error).toBe("mfa_required"); // the refresh token survived the first answer
    const enrolled = await enrolledStepUp();
    const list = await mfa("/mfa/authenticators", enrolled.mfaToken);
    expect(list.status).toBe(200);
    expect(list.headers.get("cache-control")).toContain("no-store");
    expect(list.body).toEqual([
      expect.objectContaining({
        id: expect.stringMatching(/^totp\|/),
        authenticator_type: "otp",
        active: true,
      }),
      expect.objectContaining({
        id: expect.stringMatching(/^recovery-code\|/),
        authenticator_type: "recovery-code",
        active: true,
      }),
    ]);
  });
});

describe("MFA API errors (PROTOCOL.md part A)", () => {
  // [name, call, status, error]
  const cases: Array<[string, () => Promise<Answer>, number, string]> = [
    [
      "authenticators without a bearer",
      () => mfa("/mfa/authenticators", undefined),
      401,
      "invalid_token",
    ],
    [
      "authenticators with an unknown token",
      () => mfa("/mfa/authenticators", "nope"),
      401,
      "invalid_token",
    ],
    [
      "authenticators for another client",
      async () => mfa(`/mfa/authenticators?client_id=${OTHER.clientId}`, (await stepUp()).mfaToken),
      401,
      "invalid_token",
    ],
    [
      "associate without authenticator_types",
      async () => mfa("/mfa/associate", (await stepUp()).mfaToken, {}),
      400,
      "invalid_request",
    ],
    [
      "associate of an unknown type",
      async () =>
        mfa("/mfa/associate", (await stepUp()).mfaToken, { authenticator_types: ["push"] }),
      400,
      "unsupported_challenge_type",
    ],
    [
      "associate while a factor is active",
      async () =>
        mfa("/mfa/associate", (await enrolledStepUp()).mfaToken, { authenticator_types: ["otp"] }),
      409,
      "already_enrolled",
    ],
    [
      "challenge without client_id",
      async () =>
        mfa("/mfa/challenge", undefined, {
          mfa_token: (await enrolledStepUp()).mfaToken,
          challenge_type: "otp",
        }),
      400,
      "invalid_request",
    ],
    [
      "challenge of oob",
      async () =>
        mfa("/mfa/challenge", undefined, {
          client_id: t.clientId,
          mfa_token: (await enrolledStepUp()).mfaToken,
          challenge_type: "oob",
        }),
      400,
      "unsupported_challenge_type",
    ],
    [
      "challenge with a wrong client secret",
      async () =>
        mfa("/mfa/challenge", undefined, {
          client_id: t.clientId,
          client_secret: "wrong",
          mfa_token: (await enrolledStepUp()).mfaToken,
          challenge_type: "otp",
        }),
      401,
      "invalid_client",
    ],
    [
      "challenge with another client's token",
      async () =>
        mfa("/mfa/challenge", undefined, {
          client_id: OTHER.clientId,
          mfa_token: (await enrolledStepUp()).mfaToken,
          challenge_type: "otp",
        }),
      401,
      "invalid_token",
    ],
    [
      "otp grant without otp",
      async () => token({ grant_type: OTP_GRANT, mfa_token: (await stepUp()).mfaToken }),
      400,
      "invalid_request",
    ],
    [
      "otp grant without client authentication",
      async () =>
        call("/oauth/token", {
          method: "POST",
          body: new URLSearchParams({ grant_type: OTP_GRANT, mfa_token: "x", otp: "123456" }),
        }),
      401,
      "invalid_client",
    ],
    [
      "otp grant with an unknown mfa_token",
      () => token({ grant_type: OTP_GRANT, mfa_token: "unknown", otp: "123456" }),
      401,
      "invalid_token",
    ],
    [
      "otp grant by another client",
      async () =>
        token(
          { grant_type: OTP_GRANT, mfa_token: (await enrolledStepUp()).mfaToken, otp: "123456" },
          OTHER,
        ),
      401,
      "invalid_token",
    ],
    [
      "otp grant with a wrong code",
      async () => {
        const s = await enrolledStepUp();
        return token({
          grant_type: OTP_GRANT,
          mfa_token: s.mfaToken,
          otp: wrongCode(await generateTotp(s.secret, t.clock.now())),
        });
      },
      403,
      "invalid_grant",
    ],
    [
      "otp grant replaying a used code",
      async () => {
        const s = await enrolledStepUp();
        const code = await generateTotp(s.secret, t.clock.now() + 30_000); // next step: unused so far
        expect(
          (await token({ grant_type: OTP_GRANT, mfa_token: s.mfaToken, otp: code })).status,
        ).toBe(200);
        const again = await enrolledStepUpFor(s);
        return token({ grant_type: OTP_GRANT, mfa_token: again, otp: code });
      },
      403,
      "invalid_grant",
    ],
    [
      "otp grant with a consumed mfa_token",
      async () => {
        const s = await enrolledStepUp();
        await token({
          grant_type: OTP_GRANT,
          mfa_token: s.mfaToken,
          otp: await generateTotp(s.secret, t.clock.now() + 30_000),
        });
        return token({
          grant_type: OTP_GRANT,
          mfa_token: s.mfaToken,
          otp: await generateTotp(s.secret, t.clock.now()),
        });
      },
      401,
      "expired_token",
    ],
    [
      "recovery grant with a wrong code",
      async () =>
        token({
          grant_type: RECOVERY_GRANT,
          mfa_token: (await enrolledStepUp()).mfaToken,
          recovery_code: "AAAA-AAAA-AAAA",
        }),
      403,
      "invalid_grant",
    ],
    [
      "recovery grant with a used code",
      async () => {
        const s = await enrolledStepUp();
        expect(
          (
            await token({
              grant_type: RECOVERY_GRANT,
              mfa_token: s.mfaToken,
              recovery_code: s.recoveryCodes[0]!,
            })
          ).status,
        ).toBe(200);
        return token({
          grant_type: RECOVERY_GRANT,
          mfa_token: await enrolledStepUpFor(s),
          recovery_code: s.recoveryCodes[0]!,
        });
      },
      403,
      "invalid_grant",
    ],
    [
      "recovery grant without recovery_code",
      async () =>
        token({ grant_type: RECOVERY_GRANT, mfa_token: (await enrolledStepUp()).mfaToken }),
      400,
      "invalid_request",
    ],
  ];

  it.each(cases.map(([name, run, status, error]) => ({ name, run, status, error })))(
    "$name → $status $error",
    async ({ run, status, error }) => {
      const answer = await run();
      expect(answer.status).toBe(status);
      expect(answer.body.error).toBe(error);
      expect(answer.headers.get("cache-control")).toContain("no-store");
    },
  );

  it("an expired mfa_token → 401 expired_token", async () => {
    const s = await stepUp();
    t.clock.advance(301);
    const answer = await mfa("/mfa/authenticators", s.mfaToken);
    expect([answer.status, answer.body.error]).toEqual([401, "expired_token"]);
  });
});

/** Another mfa_token for the same user and refresh family (as a new mfa_required would give). */
async function enrolledStepUpFor(s: { mfaToken: string }): Promise<string> {
  const list = await t.issuer.db.query<{ user_id: string; family_id: string }>(
    "SELECT user_id, family_id FROM mfa_tokens WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')",
    [s.mfaToken],
  );
  const row = list[0]!;
  const { randomId, sha256Hex } = await import("../crypto/hash.js");
  const raw = randomId(32);
  await t.issuer.db.query(
    "INSERT INTO mfa_tokens (token_hash, user_id, client_id, audience, scope, family_id, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    [
      sha256Hex(raw),
      row.user_id,
      t.clientId,
      t.audience,
      "payments:write",
      row.family_id,
      t.clock.now() + 300_000,
    ],
  );
  return raw;
}

function wrongCode(code: string): string {
  return code.replace(/^\d/, (d) => String((Number(d) + 1) % 10));
}

describe("attempt limits", () => {
  it("allows 5 wrong codes per mfa_token, then answers 429 with Retry-After and burns it", async () => {
    const s = await enrolledStepUp();
    const bad = wrongCode(await generateTotp(s.secret, t.clock.now()));
    for (let i = 0; i < 5; i++) {
      expect(
        (await token({ grant_type: OTP_GRANT, mfa_token: s.mfaToken, otp: bad })).body.error,
      ).toBe("invalid_grant");
    }
    const limited = await token({
      grant_type: OTP_GRANT,
      mfa_token: s.mfaToken,
      otp: await generateTotp(s.secret, t.clock.now()),
    });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe("too_many_attempts");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.body.retry_after).toBe(Number(limited.headers.get("retry-after")));
  });

  it("limits wrong codes per user across mfa_tokens (bucket of 10)", async () => {
    const s = await enrolledStepUp();
    const bad = wrongCode(await generateTotp(s.secret, t.clock.now()));
    let mfaToken = s.mfaToken;
    for (let i = 0; i < 10; i++) {
      if (i === 5) mfaToken = await enrolledStepUpFor(s);
      const answer = await token({ grant_type: OTP_GRANT, mfa_token: mfaToken, otp: bad });
      expect(answer.body.error).toBe("invalid_grant");
    }
    const fresh = await enrolledStepUpFor(s);
    const limited = await token({
      grant_type: OTP_GRANT,
      mfa_token: fresh,
      otp: await generateTotp(s.secret, t.clock.now()),
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("enrollment", () => {
  it("a new associate replaces a pending one; only the latest secret confirms", async () => {
    const s = await stepUp();
    const first = (await mfa("/mfa/associate", s.mfaToken, { authenticator_types: ["otp"] })).body;
    const second = (await mfa("/mfa/associate", s.mfaToken, { authenticator_types: "otp" })).body;
    expect(second.id).not.toBe(first.id);
    expect(second.barcode_uri).toContain(`secret=${second.secret}`);
    expect((await mfa("/mfa/authenticators", s.mfaToken)).body).toEqual([]);
    const stale = await token({
      grant_type: OTP_GRANT,
      mfa_token: s.mfaToken,
      otp: await generateTotp(first.secret, t.clock.now()),
    });
    expect(stale.body.error).toBe("invalid_grant");
    const ok = await token({
      grant_type: OTP_GRANT,
      mfa_token: s.mfaToken,
      otp: await generateTotp(second.secret, t.clock.now()),
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual(
      expect.objectContaining({ token_type: "Bearer", scope: "payments:write", expires_in: 600 }),
    );
    expect(ok.body.refresh_token).toEqual(expect.any(String));
    // The step-up's scope is the API's, without openid: no ID token (OIDC Core §12.2).
    expect(ok.body.id_token).toBeUndefined();
  });

  it("challenge for otp answers { challenge_type: otp }", async () => {
    const s = await enrolledStepUp();
    const answer = await mfa("/mfa/challenge", undefined, {
      client_id: t.clientId,
      mfa_token: s.mfaToken,
      challenge_type: "otp",
    });
    expect([answer.status, answer.body]).toEqual([200, { challenge_type: "otp" }]);
  });

  it("a recovery code answers its replacement, recovery_codes_remaining, and adds mfa to amr", async () => {
    const s = await enrolledStepUp();
    const answer = await token({
      grant_type: RECOVERY_GRANT,
      mfa_token: s.mfaToken,
      recovery_code: s.recoveryCodes[3]!.toLowerCase(),
    });
    expect(answer.status).toBe(200);
    // As Auth0 does, the used code is replaced by a fresh one (recovery_code): the count stays.
    expect(answer.body.recovery_code).toEqual(expect.any(String));
    expect(answer.body.recovery_code).not.toBe(s.recoveryCodes[3]);
    expect(answer.body.recovery_codes_remaining).toBe(s.recoveryCodes.length);
    const { decodeJwt } = await import("jose");
    expect(decodeJwt(answer.body.access_token).amr).toEqual(
      expect.arrayContaining(["mfa", "rcode"]),
    );
  });
});
