/* eslint-disable @typescript-eslint/no-explicit-any -- wire JSON is read loosely; tests assert its shape. */
import { expect } from "@jest/globals";
import { randomBytes } from "node:crypto";
import { insertUserIfAbsent } from "../../src/issuer/store/users.js";
import { generateTotp, signInForTokens, type TestIssuer } from "../../src/testing/index.js";

/** A parsed answer of the issuer. */
export type Answer = { status: number; headers: Headers; body: any };

export const OOB_GRANT = "http://auth0.com/oauth/grant-type/mfa-oob";

async function call(t: TestIssuer, path: string, init: RequestInit): Promise<Answer> {
  const response = await t.fetch(`${t.url}${path}`, init);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

/** POST /oauth/token, form-encoded, with the test client's credentials. */
export function tokenCall(t: TestIssuer, params: Record<string, string>): Promise<Answer> {
  return call(t, "/oauth/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: t.clientId, client_secret: t.clientSecret, ...params }),
  });
}

/** GET (no body) or POST JSON to an MFA API path with the mfa_token as bearer. */
export function mfaCall(t: TestIssuer, path: string, bearer: string, body?: unknown) {
  return call(t, path, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** POST /mfa/challenge as the test client. */
export function challengeCall(t: TestIssuer, mfaToken: string, extra: Record<string, string> = {}) {
  return call(t, "/mfa/challenge", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      client_id: t.clientId,
      client_secret: t.clientSecret,
      mfa_token: mfaToken,
      ...extra,
    }),
  });
}

/** The refresh_token grant for the MFA-protected audience; expects mfa_required. */
export async function requireMfa(t: TestIssuer, refreshToken: string, maxAge?: number) {
  const answer = await tokenCall(t, {
    grant_type: "refresh_token",
    refresh_token: refreshToken,
    audience: t.audience,
    ...(maxAge !== undefined ? { max_age: String(maxAge) } : {}),
  });
  expect(answer.body.error).toBe("mfa_required");
  return { mfaToken: answer.body.mfa_token as string, requirements: answer.body.mfa_requirements };
}

/** A new user, signed in, stopped by mfa_required for the payments audience. */
export async function newUserAtStepUp(t: TestIssuer) {
  const user = {
    email: `u-${randomBytes(6).toString("hex")}@example.com`,
    password: randomBytes(9).toString("hex"),
  };
  const userId = randomBytes(8).toString("hex");
  await insertUserIfAbsent(t.issuer.db, {
    id: userId,
    email: user.email,
    name: null,
    password_hash: await t.issuer.hashPassword(user.password),
    created_at: t.clock.now(),
  });
  const login = await signInForTokens({ ...t, user });
  const { mfaToken, requirements } = await requireMfa(t, login.refresh_token!);
  return { userId, ...user, refreshToken: login.refresh_token!, mfaToken, requirements };
}

/** The claims of a JWT (no verification: the issuer under test signed it). */
export function claimsOf(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8"));
}

/** A phone number no other test uses, so outbox reads by destination see only this test's messages. */
export function randomPhone(): string {
  return `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
}

export const OTP_GRANT = "http://auth0.com/oauth/grant-type/mfa-otp";
export const RECOVERY_GRANT = "http://auth0.com/oauth/grant-type/mfa-recovery-code";

/** Raw HTTP calls against one test issuer (through its in-process fetch). */
export function issuerCalls(t: TestIssuer) {
  async function call(path: string, init: RequestInit = {}): Promise<Answer> {
    const response = await t.fetch(`${t.url}${path}`, init);
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : undefined,
    };
  }
  const client = { clientId: t.clientId, clientSecret: t.clientSecret };
  function token(params: Record<string, string>, as = client): Promise<Answer> {
    return call("/oauth/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: as.clientId,
        client_secret: as.clientSecret,
        ...params,
      }),
    });
  }
  function bearer(method: string, path: string, raw: string | undefined, body?: unknown) {
    return call(path, {
      method,
      headers: {
        "content-type": "application/json",
        ...(raw ? { authorization: `Bearer ${raw}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
  return { call, token, bearer };
}

export const mfaAudienceOf = (t: TestIssuer) => `${t.url}/mfa/`;

/** A new user in the store; returns its id and credentials. */
export async function createUser(
  t: TestIssuer,
  createdAt = t.clock.now(),
): Promise<{ id: string; email: string; password: string }> {
  const user = {
    id: randomBytes(8).toString("hex"),
    email: `u-${randomBytes(6).toString("hex")}@example.com`,
    password: randomBytes(9).toString("hex"),
  };
  await insertUserIfAbsent(t.issuer.db, {
    id: user.id,
    email: user.email,
    name: null,
    password_hash: await t.issuer.hashPassword(user.password),
    created_at: createdAt,
  });
  return user;
}

/** Signs `user` in through the hosted login; returns the login's refresh token. */
export async function signIn(
  t: TestIssuer,
  user: { email: string; password: string },
): Promise<string> {
  return (await signInForTokens({ ...t, user })).refresh_token!;
}

/**
 * A new user who enrolled TOTP while asking for the MFA API audience: their
 * MFA API access token (all three scopes), the TOTP secret, recovery codes and
 * the rotated refresh token (its family now carries the MFA).
 */
export async function enrolledUser(t: TestIssuer) {
  const { token, bearer } = issuerCalls(t);
  const user = await createUser(t);
  const login = await signIn(t, user);
  const stop = await token({
    grant_type: "refresh_token",
    refresh_token: login,
    audience: mfaAudienceOf(t),
  });
  expect([stop.status, stop.body.error]).toEqual([403, "mfa_required"]);
  expect(stop.body.mfa_requirements).toEqual({
    enroll: [
      { type: "otp" },
      { type: "email" },
      { type: "sms" },
      { type: "webauthn" },
      { type: "push" },
    ],
  });
  const enrollment = await bearer("POST", "/mfa/associate", stop.body.mfa_token, {
    authenticator_types: ["otp"],
  });
  expect(enrollment.status).toBe(200);
  const done = await token({
    grant_type: OTP_GRANT,
    mfa_token: stop.body.mfa_token,
    otp: await generateTotp(enrollment.body.secret, t.clock.now()),
  });
  expect(done.status).toBe(200);
  return {
    ...user,
    secret: enrollment.body.secret as string,
    authenticatorId: enrollment.body.id as string,
    recoveryCodes: enrollment.body.recovery_codes as string[],
    mfaApiToken: done.body.access_token as string,
    refreshToken: done.body.refresh_token as string,
  };
}
