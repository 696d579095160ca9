import { afterAll, beforeAll, describe, expect, it, jest } from "@jest/globals";
import { createHash, randomBytes } from "node:crypto";
import { decodeJwt } from "jose";
import { insertUserIfAbsent } from "../src/issuer/store/users.js";
import { generateTotp, startTestIssuer, type TestIssuer } from "../src/testing/index.js";
import { alertOf, authorizeRequest, HostedBrowser } from "./helpers/hosted-browser.js";

// Each test logs in (scrypt) several times: generous on a loaded machine.
jest.setTimeout(90_000);

const PAPE_MFA = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

let t: TestIssuer;
beforeAll(async () => {
  t = await startTestIssuer({
    apis: [
      {
        audience: "https://api.example.com/payments",
        requireMfa: true,
        maxAge: 300,
        scopes: ["payments:write"],
      },
      { audience: "https://api.example.com/notes", scopes: ["notes:read"] },
    ],
  });
});
afterAll(() => t.close());

/** Each test gets its own user (no shared state between tests). */
async function newUser(): Promise<{ id: string; email: string; password: string }> {
  const id = randomBytes(9).toString("base64url");
  const user = { id, email: `${id.toLowerCase()}@example.com`, password: `pw-${id}` };
  await insertUserIfAbsent(t.issuer.db, {
    id,
    email: user.email,
    name: "Test User",
    password_hash: await t.issuer.hashPassword(user.password),
    created_at: t.clock.now(),
  });
  return user;
}

async function login(
  browser: HostedBrowser,
  user: { email: string; password: string },
  extra: Record<string, string> = {},
) {
  const request = authorizeRequest(t, extra);
  const page = await browser.get(request.url);
  expect(page.status).toBe(200);
  const response = await browser.submit(await page.text(), "/login", {
    email: user.email,
    password: user.password,
  });
  return { response, verifier: request.verifier };
}

async function exchange(location: string, verifier: string) {
  const code = new URL(location).searchParams.get("code")!;
  const response = await t.fetch(`${t.url}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: t.redirectUri,
      code_verifier: verifier,
      client_id: t.clientId,
      client_secret: t.clientSecret,
    }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    access_token: string;
    id_token: string;
    refresh_token: string;
    scope: string;
  };
}

async function refresh(refreshToken: string, audience: string) {
  const response = await t.fetch(`${t.url}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      audience,
      client_id: t.clientId,
      client_secret: t.clientSecret,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const secretOf = (html: string) =>
  /<code class="secret">([^<]+)<\/code>/.exec(html)![1]!.replace(/ /g, "");

/** Logs a new user in with acr_values=PAPE and completes the TOTP enrollment. */
async function enrolledUser(browser: HostedBrowser, extra: Record<string, string> = {}) {
  const user = await newUser();
  const { response, verifier } = await login(browser, user, { acr_values: PAPE_MFA, ...extra });
  const enroll = await response.text();
  const secret = secretOf(enroll);
  const enrollCode = await generateTotp(secret, t.clock.now());
  const codes = await browser.submit(enroll, "/login/mfa/verify", { code: enrollCode });
  const codesHtml = await codes.text();
  const recoveryCodes = [...codesHtml.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map(
    (m) => m[1]!,
  );
  const done = await browser.submit(codesHtml, "/login/mfa/continue");
  expect(done.status).toBe(302);
  return {
    user,
    secret,
    enrollCode,
    recoveryCodes,
    location: done.headers.get("location")!,
    verifier,
  };
}

describe("hosted MFA step", () => {
  it("enrolls TOTP (QR, secret, recovery codes once) when acr_values asks for MFA and the user has none", async () => {
    const browser = new HostedBrowser(t.fetch, t.url);
    const user = await newUser();
    const { response, verifier } = await login(browser, user, {
      acr_values: PAPE_MFA,
      audience: "https://api.example.com/payments",
      scope: "openid offline_access payments:write",
    });
    expect(response.status).toBe(200);
    const enroll = await response.text();
    expect(enroll).toMatch(/<svg[^>]*>[\s\S]*<\/svg>/);
    expect(enroll).toMatch(/<label for="code">6-digit code<\/label>/);
    expect(enroll).toMatch(/autocomplete="one-time-code"/);
    expect(enroll).toMatch(/inputmode="numeric"/);
    expect(enroll).toMatch(/autofocus/);
    expect(enroll).not.toMatch(/<script|https?:\/\/(?!issuer\.test|www\.w3\.org)/);
    expect(response.headers.get("content-security-policy")).toMatch(/^default-src 'none';/);
    const secret = secretOf(enroll);

    const wrong = await browser.submit(enroll, "/login/mfa/verify", { code: "000000" });
    expect(wrong.status).toBe(401);
    const wrongHtml = await wrong.text();
    expect(alertOf(wrongHtml)).toBeDefined();
    expect(wrongHtml).toMatch(/aria-invalid="true"/);
    expect(secretOf(wrongHtml)).toBe(secret); // the scanned secret stays

    const codes = await browser.submit(wrongHtml, "/login/mfa/verify", {
      code: await generateTotp(secret, t.clock.now()),
    });
    expect(codes.status).toBe(200);
    const codesHtml = await codes.text();
    const recoveryCodes = [...codesHtml.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)];
    expect(recoveryCodes).toHaveLength(10);
    const done = await browser.submit(codesHtml, "/login/mfa/continue");
    expect(done.status).toBe(302);
    // The codes page cannot be replayed into a second code.
    expect((await browser.submit(codesHtml, "/login/mfa/continue")).status).toBe(400);

    const tokens = await exchange(done.headers.get("location")!, verifier);
    const access = decodeJwt(tokens.access_token);
    expect(access.aud).toBe("https://api.example.com/payments");
    expect(access.scope).toBe("openid offline_access payments:write");
    expect(access.acr).toBe(PAPE_MFA);
    expect(access.amr).toEqual(expect.arrayContaining(["pwd", "mfa", "otp"]));
    const id = decodeJwt(tokens.id_token);
    expect(id.acr).toBe(PAPE_MFA);
    // The MFA's time, a moment ago (the real clock may tick over a second since).
    const sinceMfa = Math.floor(t.clock.now() / 1000) - (id.auth_time as number);
    expect(sinceMfa).toBeGreaterThanOrEqual(0);
    expect(sinceMfa).toBeLessThanOrEqual(5);
    expect(id.at_hash).toBe(
      createHash("sha256")
        .update(tokens.access_token)
        .digest()
        .subarray(0, 16)
        .toString("base64url"),
    );
    // The refresh family knows when the MFA happened: the MFA audience refreshes without a step-up.
    const again = await refresh(tokens.refresh_token, "https://api.example.com/payments");
    expect(again.status).toBe(200);
  });

  it("keeps {issuer}/userinfo as the audience when none is asked", async () => {
    const browser = new HostedBrowser(t.fetch, t.url);
    const { location, verifier } = await enrolledUser(browser);
    const tokens = await exchange(location, verifier);
    expect(decodeJwt(tokens.access_token).aud).toBe(`${t.url}/userinfo`);
    expect(decodeJwt(tokens.access_token).amr).toContain("mfa");
  });

  it("runs the step for an audience whose policy requires MFA; the session's MFA is reused until the policy's maxAge", async () => {
    const browser = new HostedBrowser(t.fetch, t.url);
    const { secret } = await enrolledUser(browser);
    const payments = { audience: "https://api.example.com/payments" };

    const silent = await browser.get(authorizeRequest(t, payments).url);
    expect(silent.status).toBe(302);
    expect(new URL(silent.headers.get("location")!).searchParams.get("code")).toBeTruthy();

    t.clock.advance(301);
    const request = authorizeRequest(t, payments);
    const challenge = await browser.get(request.url);
    expect(challenge.status).toBe(200); // no password: only the MFA is stale
    const html = await challenge.text();
    expect(html).not.toMatch(/name="password"/);
    expect(html).toMatch(/name="authenticator" value="totp\|/);
    const done = await browser.submit(html, "/login/mfa/verify", {
      code: await generateTotp(secret, t.clock.now()),
    });
    expect(done.status).toBe(302);
    const tokens = await exchange(done.headers.get("location")!, request.verifier);
    expect(decodeJwt(tokens.access_token).aud).toBe(payments.audience);
  });

  it("refuses a replayed TOTP code and accepts the next step's; prompt=login asks for the password again", async () => {
    const browser = new HostedBrowser(t.fetch, t.url);
    // The very code that confirmed the enrollment (its time step is claimed).
    const { user, secret, enrollCode: used } = await enrolledUser(browser);
    const { response } = await login(browser, user, { acr_values: PAPE_MFA, prompt: "login" });
    expect(response.status).toBe(200);
    const challenge = await response.text();
    const replay = await browser.submit(challenge, "/login/mfa/verify", { code: used });
    expect(replay.status).toBe(401);
    const replayHtml = await replay.text();
    expect(alertOf(replayHtml)).toBeDefined();
    t.clock.advance(30);
    const next = await browser.submit(replayHtml, "/login/mfa/verify", {
      code: await generateTotp(secret, t.clock.now()),
    });
    expect(next.status).toBe(302);
  });

  it("lists every confirmed factor in the picker and signs in with a recovery code", async () => {
    const browser = new HostedBrowser(t.fetch, t.url);
    const { user, recoveryCodes } = await enrolledUser(browser);
    const { response, verifier } = await login(browser, user, {
      acr_values: PAPE_MFA,
      prompt: "login",
    });
    const challenge = await response.text();
    const picker = await browser.submit(challenge, "/login/mfa/choose");
    expect(picker.status).toBe(200);
    const pickerHtml = await picker.text();
    expect(pickerHtml).toMatch(/<fieldset><legend>/);
    expect(pickerHtml).toMatch(/value="totp\|[^"]+" checked autofocus>/);
    const recoveryId = /value="(recovery-code\|[^"]+)"/.exec(pickerHtml)![1]!;

    // An id of no factor of this user (a row of another factor table, or a forged one).
    const refused = await browser.submit(pickerHtml, "/login/mfa/choose", {
      authenticator: `webauthn|wa-${user.id}`,
    });
    expect(refused.status).toBe(400);

    const recovery = await browser.submit(pickerHtml, "/login/mfa/choose", {
      authenticator: recoveryId,
    });
    const recoveryHtml = await recovery.text();
    expect(recoveryHtml).toMatch(/<label for="code">Recovery code<\/label>/);
    expect(recoveryHtml).toMatch(/autocomplete="off"/);
    const done = await browser.submit(recoveryHtml, "/login/mfa/verify", {
      code: recoveryCodes[0]!.toLowerCase(),
    });
    expect(done.status).toBe(302);
    const tokens = await exchange(done.headers.get("location")!, verifier);
    expect(decodeJwt(tokens.id_token).amr).toEqual(expect.arrayContaining(["mfa", "rcode"]));

    // A used recovery code does not work twice.
    const second = await login(browser, user, { acr_values: PAPE_MFA, prompt: "login" });
    const secondPicker = await browser.submit(await second.response.text(), "/login/mfa/choose", {
      authenticator: recoveryId,
    });
    const reuse = await browser.submit(await secondPicker.text(), "/login/mfa/verify", {
      code: recoveryCodes[0]!,
    });
    expect(reuse.status).toBe(401);
  });

  it("spends wrong codes from the user's MFA bucket: 429 with Retry-After once it is empty", async () => {
    const browser = new HostedBrowser(t.fetch, t.url);
    const { user } = await enrolledUser(browser);
    const { response } = await login(browser, user, { acr_values: PAPE_MFA, prompt: "login" });
    let html = await response.text();
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 12; i++) {
      last = await browser.submit(html, "/login/mfa/verify", { code: "000000" });
      statuses.push(last.status);
      html = await last.text();
    }
    // The bucket holds 10 (LIMITS.userAttemptBucket), shared with the MFA grants.
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(alertOf(html)).toBeDefined();
  });

  it.each([
    ["without the browser cookie", "stepup_issuer_browser", undefined, 400],
    ["without the login session cookie", "stepup_issuer_session", undefined, 400],
    ["from another site", undefined, "http://evil.test", 403],
  ])("refuses a code posted %s", async (_name, dropCookie, origin, status) => {
    const browser = new HostedBrowser(t.fetch, t.url);
    const user = await newUser();
    const { response } = await login(browser, user, { acr_values: PAPE_MFA });
    const html = await response.text();
    if (dropCookie) browser.cookies.delete(dropCookie);
    const transaction = /name="transaction" value="([^"]+)"/.exec(html)![1]!;
    const authenticator = /name="authenticator" value="([^"]+)"/.exec(html)![1]!;
    const answer = await browser.send(`${t.url}/login/mfa/verify`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: origin ?? t.url,
      },
      body: new URLSearchParams({ transaction, authenticator, code: "123456" }),
    });
    expect(answer.status).toBe(status);
  });

  it("does not run the step when nothing asks for MFA", async () => {
    const browser = new HostedBrowser(t.fetch, t.url);
    const user = await newUser();
    const { response } = await login(browser, user, { audience: "https://api.example.com/notes" });
    expect(response.status).toBe(302);
  });
});
