import { afterAll, beforeAll, describe, expect, it, jest } from "@jest/globals";
import { createHash, randomBytes } from "node:crypto";
import { sha256Hex } from "../src/issuer/crypto/hash.js";
import { insertAuthorizationCode } from "../src/issuer/store/authorization-codes.js";
import { insertUserIfAbsent } from "../src/issuer/store/users.js";
import type { FactorType } from "../src/types/index.js";
import {
  generateTotp,
  readLatestCode,
  signInForTokens,
  startTestIssuer,
  type TestIssuer,
} from "../src/testing/index.js";
import { authorizeRequest, HostedBrowser } from "./helpers/hosted-browser.js";
import { claimsOf, OOB_GRANT, OTP_GRANT, tokenCall } from "./helpers/issuer-calls.js";

// 9.2: an API's `factors` hold on every path. Each test signs in (scrypt) a few times.
jest.setTimeout(90_000);

const PAYMENTS = "https://api.example.com/payments";
const RESTRICTED: Array<[string, FactorType[]]> = [
  ["https://api.example.com/passkey-only", ["webauthn", "recovery-code"]],
  ["https://api.example.com/email-only", ["email", "recovery-code"]],
];

let t: TestIssuer;
beforeAll(async () => {
  t = await startTestIssuer({
    apis: [
      { audience: PAYMENTS, requireMfa: true, maxAge: 300, scopes: ["payments:write"] },
      ...RESTRICTED.map(([audience, factors]) => ({
        audience,
        requireMfa: true,
        maxAge: 300,
        scopes: ["x:write"],
        factors,
      })),
    ],
  });
});
afterAll(() => t.close());

async function newUser() {
  const id = randomBytes(9).toString("hex");
  const user = { id, email: `${id}@example.com`, password: `pw-${id}` };
  await insertUserIfAbsent(t.issuer.db, {
    id,
    email: user.email,
    name: null,
    password_hash: await t.issuer.hashPassword(user.password),
    created_at: t.clock.now(),
  });
  return user;
}

/** A user with a confirmed TOTP factor and a refresh token whose family just used it. */
async function userWithTotp() {
  const user = await newUser();
  const login = await signInForTokens({ ...t, user });
  const denied = await tokenCall(t, {
    grant_type: "refresh_token",
    refresh_token: login.refresh_token!,
    audience: PAYMENTS,
  });
  const mfaToken = denied.body.mfa_token as string;
  const associated = await t.fetch(`${t.url}/mfa/associate`, {
    method: "POST",
    headers: { authorization: `Bearer ${mfaToken}`, "content-type": "application/json" },
    body: JSON.stringify({ authenticator_types: ["otp"] }),
  });
  const { secret } = (await associated.json()) as { secret: string };
  const verified = await tokenCall(t, {
    grant_type: OTP_GRANT,
    mfa_token: mfaToken,
    otp: await generateTotp(secret, t.clock.now()),
  });
  expect(verified.status).toBe(200);
  return { user, secret, refreshToken: verified.body.refresh_token as string };
}

describe.each(RESTRICTED)("an API restricted to %s %j", (audience, factors) => {
  it("refresh grant: a fresh TOTP MFA does not satisfy it; it asks for its own factors only", async () => {
    const { refreshToken, secret } = await userWithTotp();
    const denied = await tokenCall(t, {
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      audience,
    });
    expect([denied.status, denied.body.error]).toEqual([403, "mfa_required"]);
    const offered = (denied.body.mfa_requirements.challenge ?? []).map(
      (entry: { type: string }) => entry.type,
    );
    for (const type of offered) expect(factors).toContain(type);
    expect(offered).not.toContain("otp");
    // The MFA grant refuses TOTP for this audience before even checking the code.
    t.clock.advance(30);
    const otp = await tokenCall(t, {
      grant_type: OTP_GRANT,
      mfa_token: denied.body.mfa_token,
      otp: await generateTotp(secret, t.clock.now()),
    });
    expect([otp.status, otp.body.error]).toEqual([400, "unsupported_challenge_type"]);
  });

  it("hosted step: TOTP is never offered, and a posted TOTP answer is refused", async () => {
    const { user, secret } = await userWithTotp();
    const browser = new HostedBrowser(t.fetch, t.url);
    const request = authorizeRequest(t, { audience, scope: "openid offline_access x:write" });
    const page = await browser.get(request.url);
    const step = await browser.submit(await page.text(), "/login", {
      email: user.email,
      password: user.password,
    });
    const html = await step.text();
    expect(step.status).not.toBe(302);
    expect(html).not.toMatch(/value="totp\|/);
    const totpId = (
      await t.issuer.db.query<{ id: string }>("SELECT id FROM authenticators WHERE user_id = $1", [
        user.id,
      ])
    )[0]!.id;
    t.clock.advance(30);
    const posted = await browser.send(`${t.url}/login/mfa/verify`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: t.url },
      body: new URLSearchParams({
        transaction: /name="transaction" value="([^"]+)"/.exec(html)![1]!,
        authenticator: `totp|${totpId}`,
        code: await generateTotp(secret, t.clock.now()),
      }),
    });
    expect(posted.status).not.toBe(302);
    expect(posted.headers.get("location")).toBeNull();
  });

  it("code grant: a code whose MFA was TOTP yields no token for the API", async () => {
    const user = await newUser();
    const verifier = randomBytes(32).toString("base64url");
    const code = randomBytes(32).toString("base64url");
    const now = t.clock.now();
    await insertAuthorizationCode(t.issuer.db, {
      code_hash: sha256Hex(code),
      client_id: t.clientId,
      user_id: user.id,
      redirect_uri: t.redirectUri,
      scope: "openid offline_access x:write",
      audience,
      nonce: null,
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      auth_time: now,
      amr: ["pwd", "mfa", "otp"],
      last_mfa_at: now,
      mfa_times: { otp: now },
      login_session_hash: null,
      expires_at: now + 60_000,
    });
    const answer = await tokenCall(t, {
      grant_type: "authorization_code",
      code,
      redirect_uri: t.redirectUri,
      code_verifier: verifier,
    });
    expect(answer.status).toBe(200);
    expect(claimsOf(answer.body.access_token).aud).not.toBe(audience);
    expect(answer.body.scope).not.toContain("x:write");
  });
});

it("an email MFA 10 minutes old and a fresh TOTP MFA: the email-only API asks again", async () => {
  const [emailOnly] = RESTRICTED[1]!;
  const user = await newUser();
  const login = await signInForTokens({ ...t, user });
  // First factor: email, enrolled in a step-up for the email-only API.
  const denied = await tokenCall(t, {
    grant_type: "refresh_token",
    refresh_token: login.refresh_token!,
    audience: emailOnly,
  });
  const to = `${user.id}@mail.example.com`;
  const associate = await t.fetch(`${t.url}/mfa/associate`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${denied.body.mfa_token}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ authenticator_types: ["oob"], oob_channels: ["email"], email: to }),
  });
  const { oob_code: oobCode } = (await associate.json()) as { oob_code: string };
  const viaEmail = await tokenCall(t, {
    grant_type: OOB_GRANT,
    mfa_token: denied.body.mfa_token,
    oob_code: oobCode,
    binding_code: await readLatestCode(t, to),
  });
  expect([viaEmail.status, claimsOf(viaEmail.body.access_token).aud]).toEqual([200, emailOnly]);
  // Ten minutes later the family records a fresh TOTP use (set in the store: this
  // user adds TOTP only through a chained step-up, beside the point here).
  t.clock.advance(600);
  await t.issuer.db.query(
    `UPDATE refresh_families SET amr = array_append(amr, 'otp'), last_mfa_at = $2,
       mfa_times = mfa_times || jsonb_build_object('otp', $2::bigint)
     WHERE id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
    [sha256Hex(viaEmail.body.refresh_token), t.clock.now()],
  );
  const again = await tokenCall(t, {
    grant_type: "refresh_token",
    refresh_token: viaEmail.body.refresh_token,
    audience: emailOnly,
  });
  expect([again.status, again.body.error]).toEqual([403, "mfa_required"]);
  // PAYMENTS accepts any factor: the fresh TOTP use satisfies it.
  const payments = await tokenCall(t, {
    grant_type: "refresh_token",
    refresh_token: viaEmail.body.refresh_token,
    audience: PAYMENTS,
  });
  expect(payments.status).toBe(200);
});
