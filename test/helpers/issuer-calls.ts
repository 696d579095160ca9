/* eslint-disable @typescript-eslint/no-explicit-any -- wire JSON is read loosely; tests assert its shape. */
import { randomBytes } from "node:crypto";
import { expect } from "@jest/globals";
import { hashPassword } from "../../src/issuer/crypto/password.js";
import { insertUserIfAbsent } from "../../src/issuer/store/users.js";
import { generateTotp, signInForTokens, type TestIssuer } from "../../src/testing/index.js";

/** A JSON answer of the issuer, read loosely. */
export type Answer = { status: number; headers: Headers; body: any };

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
    password_hash: await hashPassword(user.password),
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
  expect(stop.body.mfa_requirements).toEqual({ enroll: [{ type: "otp" }] });
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
