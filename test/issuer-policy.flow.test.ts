import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createHash, randomBytes } from "node:crypto";
import { sha256Hex } from "../src/issuer/crypto/hash.js";
import { insertAuthorizationCode } from "../src/issuer/store/authorization-codes.js";
import {
  generateTotp,
  readLatestCode,
  startTestIssuer,
  type TestIssuer,
} from "../src/testing/index.js";
import { authorizeRequest, HostedBrowser } from "./helpers/hosted-browser.js";
import {
  claimsOf,
  createUser,
  enrolledUser,
  issuerCalls,
  mfaAudienceOf,
  OOB_GRANT,
  OTP_GRANT,
  RECOVERY_GRANT,
  signIn,
} from "./helpers/issuer-calls.js";

const DAY = 24 * 3600;
const ORDERS = "https://api.example.com/orders";
const VAULT = "https://api.example.com/vault";
const ADMIN = {
  clientId: "admin-client",
  clientSecret: "admin-secret-0123456789",
  adminScopes: ["update:users" as const],
};

// Required enforcement with a 7-day grace; ORDERS has no MFA policy of its own;
// VAULT accepts recovery codes only (a stand-in for "a stronger factor").
let t: TestIssuer;
let calls: ReturnType<typeof issuerCalls>;
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
      { ...ADMIN, redirectUris: [first.redirectUri] },
    ],
    apis: [
      { audience: first.audience, requireMfa: true, maxAge: 300, scopes: ["payments:write"] },
      { audience: ORDERS, scopes: ["orders:read"] },
      { audience: VAULT, requireMfa: true, scopes: ["vault:open"], factors: ["recovery-code"] },
    ],
    mfaEnforcement: "required",
    mfaGracePeriodDays: 7,
  });
  calls = issuerCalls(t);
}, 120_000);
afterAll(() => t.close());

const refresh = (refreshToken: string, audience: string) =>
  calls.token({ grant_type: "refresh_token", refresh_token: refreshToken, audience });

describe("mfaEnforcement: required", () => {
  it("a user without factors signs in during the grace period, then must enroll for any audience", async () => {
    const user = await createUser(t);
    const login = await signIn(t, user);
    const inGrace = await refresh(login, ORDERS);
    expect(inGrace.status).toBe(200);
    t.clock.advance(7 * DAY + 1);
    const after = await refresh(inGrace.body.refresh_token, ORDERS);
    expect([after.status, after.body.error]).toEqual([403, "mfa_required"]);
    expect(after.body.mfa_requirements).toEqual({
      enroll: [
        { type: "otp" },
        { type: "email" },
        { type: "sms" },
        { type: "webauthn" },
        { type: "push" },
      ],
    });
    const enrollment = await calls.bearer("POST", "/mfa/associate", after.body.mfa_token, {
      authenticator_types: ["otp"],
    });
    const done = await calls.token({
      grant_type: OTP_GRANT,
      mfa_token: after.body.mfa_token,
      otp: await generateTotp(enrollment.body.secret, t.clock.now()),
    });
    expect(done.status).toBe(200);
    // Enrolled and verified: ORDERS (no policy of its own) no longer asks.
    t.clock.advance(3600);
    expect((await refresh(done.body.refresh_token, ORDERS)).status).toBe(200);
  });

  it("a user with a factor whose sign-in had no MFA must verify it, for any audience", async () => {
    const user = await createUser(t);
    // Signed in before they had a factor (in grace): a family without MFA.
    const before = await signIn(t, user);
    await enrollTotp(user);
    const answer = await refresh(before, ORDERS);
    expect([answer.status, answer.body.error]).toEqual([403, "mfa_required"]);
    expect(answer.body.mfa_requirements.challenge).toEqual(
      expect.arrayContaining([{ type: "otp" }]),
    );
  });

  it("an admin exemption lets a user without factors in; clearing it does not", async () => {
    const user = await createUser(t, t.clock.now() - 30 * DAY * 1000);
    // Enforcement started when this issuer did; move past its grace.
    t.clock.advance(7 * DAY + 1);
    const grant = await calls.token(
      { grant_type: "client_credentials", audience: `${t.url}/api/v2/` },
      ADMIN,
    );
    const admin = grant.body.access_token as string;
    // Without a factor or an exemption, the hosted sign-in enrolls one first.
    expect(await (await hostedSignIn(user)).response.text()).toMatch(/Set up an authenticator app/);
    const path = `/api/v2/users/${user.id}/mfa-exemption`;
    expect((await calls.bearer("PUT", path, admin, { reason: "kiosk account" })).status).toBe(200);
    const login = await signIn(t, user);
    const exempt = await refresh(login, ORDERS);
    expect(exempt.status).toBe(200);
    // An audience's own policy still applies to an exempt user.
    expect((await refresh(exempt.body.refresh_token, t.audience)).body.error).toBe("mfa_required");
    expect((await calls.bearer("DELETE", path, admin)).status).toBe(204);
    expect((await refresh(exempt.body.refresh_token, ORDERS)).body.error).toBe("mfa_required");
  });
});

/** Enrolls TOTP for `user` through a step-up for the MFA API; returns the secret. */
async function enrollTotp(user: { email: string; password: string }): Promise<string> {
  const stop = await refresh(await signIn(t, user), mfaAudienceOf(t));
  const enrollment = await calls.bearer("POST", "/mfa/associate", stop.body.mfa_token, {
    authenticator_types: ["otp"],
  });
  const done = await calls.token({
    grant_type: OTP_GRANT,
    mfa_token: stop.body.mfa_token,
    otp: await generateTotp(enrollment.body.secret, t.clock.now()),
  });
  expect(done.status).toBe(200);
  return enrollment.body.secret as string;
}

/** Opens the hosted login and submits the password; returns the answer (page or redirect). */
async function hostedSignIn(user: { email: string; password: string }) {
  const browser = new HostedBrowser(t.fetch, t.url);
  const request = authorizeRequest(t);
  const page = await browser.get(request.url);
  const response = await browser.submit(await page.text(), "/login", {
    email: user.email,
    password: user.password,
  });
  return { browser, response, verifier: request.verifier };
}

describe("mfaEnforcement: required, at sign-in (hosted pages and the code grant)", () => {
  it("after the grace period, a user without factors enrolls before any code is issued", async () => {
    const user = await createUser(t, t.clock.now() - 30 * DAY * 1000);
    t.clock.advance(7 * DAY + 1);
    const { response } = await hostedSignIn(user);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/Set up an authenticator app/);
    expect(response.headers.get("location")).toBeNull();
  });

  it("a user with a factor verifies it before the code is issued; the code carries the MFA", async () => {
    const user = await createUser(t);
    const secret = await enrollTotp(user);
    const { browser, response, verifier } = await hostedSignIn(user);
    expect(response.status).toBe(200);
    t.clock.advance(30);
    const verified = await browser.submit(await response.text(), "/login/mfa/verify", {
      code: await generateTotp(secret, t.clock.now()),
    });
    expect(verified.status).toBe(302);
    const code = new URL(verified.headers.get("location")!).searchParams.get("code")!;
    const tokens = await calls.token({
      grant_type: "authorization_code",
      code,
      redirect_uri: t.redirectUri,
      code_verifier: verifier,
    });
    expect(tokens.status).toBe(200);
    expect(claimsOf(tokens.body.access_token).amr).toEqual(expect.arrayContaining(["mfa", "otp"]));
  });

  it("the code grant refuses a password-only code of a user who must have MFA", async () => {
    const user = await createUser(t);
    await enrollTotp(user);
    const verifier = randomBytes(32).toString("base64url");
    const code = randomBytes(32).toString("base64url");
    const now = t.clock.now();
    await insertAuthorizationCode(t.issuer.db, {
      code_hash: sha256Hex(code),
      client_id: t.clientId,
      user_id: user.id,
      redirect_uri: t.redirectUri,
      scope: "openid offline_access",
      audience: null,
      nonce: null,
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      auth_time: now,
      amr: ["pwd"],
      last_mfa_at: null,
      mfa_times: {},
      login_session_hash: null,
      expires_at: now + 60_000,
    });
    const answer = await calls.token({
      grant_type: "authorization_code",
      code,
      redirect_uri: t.redirectUri,
      code_verifier: verifier,
    });
    expect([answer.status, answer.body.error]).toEqual([403, "invalid_grant"]);
    expect(answer.body.access_token).toBeUndefined();
  });

  it("counts an email factor as a factor: an email-only user is asked to verify it, even in grace", async () => {
    const user = await createUser(t);
    const login = await signIn(t, user);
    // Enrolled in another sign-in: an MFA grant retires its own family's tokens.
    const stop = await refresh(await signIn(t, user), mfaAudienceOf(t));
    const to = `${user.id}@mail.example.com`;
    const associated = await calls.bearer("POST", "/mfa/associate", stop.body.mfa_token, {
      authenticator_types: ["oob"],
      oob_channels: ["email"],
      email: to,
    });
    const done = await calls.token({
      grant_type: OOB_GRANT,
      mfa_token: stop.body.mfa_token,
      oob_code: associated.body.oob_code,
      binding_code: await readLatestCode(t, to),
    });
    expect(done.status).toBe(200);
    // A family from before the factor existed: enforcement now wants its MFA.
    const answer = await refresh(login, ORDERS);
    expect([answer.status, answer.body.error]).toEqual([403, "mfa_required"]);
    expect(answer.body.mfa_requirements.challenge).toContainEqual({ type: "email" });
  });
});

describe("per-audience factors", () => {
  it("offers and accepts only the audience's factors", async () => {
    const u = await enrolledUser(t);
    const stop = await refresh(u.refreshToken, VAULT);
    expect([stop.status, stop.body.error]).toEqual([403, "mfa_required"]);
    expect(stop.body.mfa_requirements).toEqual({ challenge: [{ type: "recovery-code" }] });
    const otp = await calls.token({
      grant_type: OTP_GRANT,
      mfa_token: stop.body.mfa_token,
      otp: await generateTotp(u.secret, t.clock.now() + 30_000),
    });
    expect([otp.status, otp.body.error]).toEqual([400, "unsupported_challenge_type"]);
    const code = await calls.token({
      grant_type: RECOVERY_GRANT,
      mfa_token: stop.body.mfa_token,
      recovery_code: u.recoveryCodes[0]!,
    });
    expect(code.status).toBe(200);
  });
});

it("the grace period counts from when enforcement started, for users created before", async () => {
  // Its own issuer: the grace is measured from this issuer's first start.
  const own = await startTestIssuer({ mfaEnforcement: "required", mfaGracePeriodDays: 7 });
  try {
    const ownCalls = issuerCalls(own);
    const user = await createUser(own, own.clock.now() - 100 * DAY * 1000);
    const login = await signIn(own, user);
    const inGrace = await ownCalls.token({ grant_type: "refresh_token", refresh_token: login });
    expect(inGrace.status).toBe(200);
    own.clock.advance(7 * DAY + 1);
    const after = await ownCalls.token({
      grant_type: "refresh_token",
      refresh_token: inGrace.body.refresh_token,
    });
    expect([after.status, after.body.error]).toEqual([403, "mfa_required"]);
  } finally {
    await own.close();
  }
}, 120_000);
