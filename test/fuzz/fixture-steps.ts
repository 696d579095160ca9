/* eslint-disable @typescript-eslint/no-explicit-any -- wire JSON is read loosely here; each step checks what it needs. */
import { createHash, randomBytes } from "node:crypto";
import { generateTotp, type TestIssuer } from "../../src/testing/index.js";
import { HostedBrowser } from "../helpers/hosted-browser.js";
import { issuerCalls, mfaAudienceOf, OTP_GRANT } from "../helpers/issuer-calls.js";

/** Steps the fuzz fixtures build their state with (public routes only). */

export type User = { email: string; password: string };

export function expectStatus(answer: { status: number; body: any }, status: number, what: string) {
  if (answer.status !== status) {
    throw new Error(`fixture: ${what} answered ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

/** An /authorize URL of the test client with PKCE (and its verifier). */
export function authorizeUrl(
  t: TestIssuer,
  extra: Record<string, string> = {},
  verifier = randomBytes(32).toString("base64url"),
) {
  const url = new URL(`${t.url}/authorize`);
  url.search = new URLSearchParams({
    client_id: t.clientId,
    redirect_uri: t.redirectUri,
    response_type: "code",
    scope: "openid profile email offline_access",
    state: "fuzz",
    nonce: "fuzz",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    ...extra,
  }).toString();
  return { url: url.toString(), verifier };
}

/** Signs `browser` in at the issuer with the password, leaving it an issuer session; returns the code's redirect. */
export async function signInHosted(
  t: TestIssuer,
  browser: HostedBrowser,
  user: User,
  verifier?: string,
) {
  const page = await browser.get(authorizeUrl(t, {}, verifier).url);
  const done = await browser.submit(await page.text(), "/login", user);
  if (done.status !== 302) throw new Error(`fixture: sign-in answered ${done.status}`);
  return new URL(done.headers.get("location")!);
}

/** A new sign-in of `user` (its own browser): the refresh token. */
export async function refreshTokenFor(t: TestIssuer, user: User): Promise<string> {
  const verifier = randomBytes(32).toString("base64url");
  const callback = await signInHosted(t, new HostedBrowser(t.fetch, t.url), user, verifier);
  const tokens = await issuerCalls(t).token({
    grant_type: "authorization_code",
    code: callback.searchParams.get("code")!,
    redirect_uri: t.redirectUri,
    code_verifier: verifier,
  });
  expectStatus(tokens, 200, "sign-in");
  return tokens.body.refresh_token as string;
}

/** Enrolls TOTP as `user`'s first factor (through the MFA API audience): its id, secret and recovery codes. */
export async function enrollTotp(t: TestIssuer, user: User) {
  const calls = issuerCalls(t);
  const stop = await calls.token({
    grant_type: "refresh_token",
    refresh_token: await refreshTokenFor(t, user),
    audience: mfaAudienceOf(t),
  });
  expectStatus(stop, 403, "mfa_required (enroll)");
  const totp = await calls.bearer("POST", "/mfa/associate", stop.body.mfa_token, {
    authenticator_types: ["otp"],
  });
  expectStatus(totp, 200, "associate otp");
  const confirmed = await calls.token({
    grant_type: OTP_GRANT,
    mfa_token: stop.body.mfa_token,
    otp: await generateTotp(totp.body.secret, t.clock.now()),
  });
  expectStatus(confirmed, 200, "confirm otp");
  return {
    totpId: totp.body.id as string,
    secret: totp.body.secret as string,
    recoveryCodes: totp.body.recovery_codes as string[],
  };
}

/** The browser's cookies as a Cookie header. */
export function cookieHeaderOf(browser: HostedBrowser): string {
  return [...browser.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
}
