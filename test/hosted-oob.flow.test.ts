// Email and SMS factors in the issuer's hosted MFA step (/authorize → login →
// challenge pages), driven like a browser without JavaScript.
import { afterAll, beforeAll, describe, expect, it, jest } from "@jest/globals";
import { randomBytes } from "node:crypto";
import { decodeJwt } from "jose";
import { insertUserIfAbsent } from "../src/issuer/store/users.js";
import {
  readLatestCode,
  readOutbox,
  signInForTokens,
  startTestIssuer,
  type TestIssuer,
} from "../src/testing/index.js";
import { alertOf, authorizeRequest, HostedBrowser } from "./helpers/hosted-browser.js";
import {
  challengeCall,
  mfaCall,
  OOB_GRANT,
  randomPhone,
  requireMfa,
  tokenCall,
} from "./helpers/issuer-calls.js";

// Each test logs in (scrypt) several times: generous on a loaded machine.
jest.setTimeout(90_000);

const PAPE_MFA = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";
const WEBHOOK = "https://sms-gateway.test/send";

// SMS goes through a webhook whose gateway a test can take down; email to the outbox.
let gatewayDown = false;
const texts: Array<{ to: string; text: string }> = [];
const gatewayFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const request = new Request(input, init);
  if (request.url !== WEBHOOK) throw new TypeError(`unexpected ${request.url}`);
  if (!gatewayDown) texts.push((await request.json()) as { to: string; text: string });
  return new Response(null, { status: gatewayDown ? 502 : 202 });
}) as typeof fetch;

function latestSmsCode(to: string): string {
  const code = texts
    .filter((entry) => entry.to === to)
    .at(-1)
    ?.text.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no SMS to ${to}`);
  return code;
}

let t: TestIssuer;
beforeAll(async () => {
  t = await startTestIssuer({
    fetch: gatewayFetch,
    logger: () => {},
    delivery: { email: { type: "outbox" }, sms: { type: "webhook", url: WEBHOOK } },
  });
}, 120_000);
afterAll(() => t.close());

type Channel = "email" | "sms";

/**
 * A new user (password known) whose only factor is a confirmed `channel`
 * factor, enrolled through the MFA API; the send cooldown has passed.
 */
async function oobUser(channel: Channel) {
  const id = randomBytes(8).toString("hex");
  const user = { email: `u-${id}@example.com`, password: `pw-${id}` };
  await insertUserIfAbsent(t.issuer.db, {
    id,
    email: user.email,
    name: null,
    password_hash: await t.issuer.hashPassword(user.password),
    created_at: t.clock.now(),
  });
  const login = await signInForTokens({ ...t, user });
  const { mfaToken } = await requireMfa(t, login.refresh_token!);
  const to = channel === "email" ? `factor.${id}@example.com` : randomPhone();
  const enrollment = await mfaCall(t, "/mfa/associate", mfaToken, {
    authenticator_types: ["oob"],
    oob_channels: [channel],
    ...(channel === "email" ? { email: to } : { phone_number: to }),
  });
  expect(enrollment.status).toBe(200);
  const confirmed = await tokenCall(t, {
    grant_type: OOB_GRANT,
    mfa_token: mfaToken,
    oob_code: enrollment.body.oob_code,
    binding_code: channel === "email" ? await readLatestCode(t, to) : latestSmsCode(to),
  });
  expect(confirmed.status).toBe(200);
  t.clock.advance(31); // past the cooldown of the enrollment's send
  const codeOf = async () => (channel === "email" ? readLatestCode(t, to) : latestSmsCode(to));
  return { user, to, codeOf, refreshToken: confirmed.body.refresh_token as string };
}

/** Password login at /authorize asking for MFA; answers the first MFA page. */
async function login(browser: HostedBrowser, user: { email: string; password: string }) {
  const request = authorizeRequest(t, { acr_values: PAPE_MFA, prompt: "login" });
  const page = await browser.get(request.url);
  expect(page.status).toBe(200);
  const response = await browser.submit(await page.text(), "/login", user);
  return { response, verifier: request.verifier };
}

async function exchange(location: string, verifier: string) {
  const response = await tokenCall(t, {
    grant_type: "authorization_code",
    code: new URL(location).searchParams.get("code")!,
    redirect_uri: t.redirectUri,
    code_verifier: verifier,
  });
  expect(response.status).toBe(200);
  return response.body as { access_token: string; id_token: string };
}

const maskedEmail = (to: string) => `${to[0]}***@example.com`;
const codeRows = (userId: string) =>
  t.issuer.db.query<{ consumed_at: number | null }>(
    "SELECT consumed_at FROM oob_codes WHERE user_id = $1 ORDER BY created_at",
    [userId],
  );

describe("email and SMS in the hosted MFA step", () => {
  it("picks email in the picker (masked address only), sends a code, and the code's token carries amr mfa+email", async () => {
    const { user, to, codeOf } = await oobUser("email");
    const browser = new HostedBrowser(t.fetch, t.url);
    const { response, verifier } = await login(browser, user);
    // The first page is the email challenge: a code went out already.
    expect(response.status).toBe(200);
    const first = await response.text();
    expect(first).toMatch(/name="authenticator" value="email\|/);
    expect(first).toContain(`<strong>${maskedEmail(to)}</strong>`);
    expect(first).not.toContain(to);
    expect(await readOutbox(t, { to })).toHaveLength(2);

    t.clock.advance(31);
    const picker = await browser.submit(first, "/login/mfa/choose", { authenticator: "" });
    const pickerHtml = await picker.text();
    expect(picker.status).toBe(200);
    expect(pickerHtml).toMatch(
      new RegExp(
        `value="email\\|[^"]+" checked autofocus>\\s*<label[^>]*>Email \\(${maskedEmail(to).replace(/\*/g, "\\*")}\\)`,
      ),
    );
    expect(pickerHtml).toMatch(/value="recovery-code\|/);
    expect(pickerHtml).not.toContain(to);
    const emailId = /value="(email\|[^"]+)"/.exec(pickerHtml)![1]!;

    const challenge = await browser.submit(pickerHtml, "/login/mfa/choose", {
      authenticator: emailId,
    });
    expect(challenge.status).toBe(200);
    const challengeHtml = await challenge.text();
    expect(challengeHtml).toMatch(/autocomplete="one-time-code"/);
    expect(challengeHtml).toMatch(/<button type="submit" class="secondary">Send a new code/);
    expect(await readOutbox(t, { to })).toHaveLength(3);

    const done = await browser.submit(challengeHtml, "/login/mfa/verify", { code: await codeOf() });
    expect(done.status).toBe(302);
    const tokens = await exchange(done.headers.get("location")!, verifier);
    const amr = decodeJwt(tokens.access_token).amr as string[];
    expect(amr).toEqual(expect.arrayContaining(["pwd", "mfa", "email"]));
    expect(amr).not.toContain("otp");
    expect(decodeJwt(tokens.id_token).amr).toEqual(expect.arrayContaining(["mfa", "email"]));
  });

  it("refuses a wrong code and spends it from the user's bucket; the right code then works once", async () => {
    const { user, codeOf } = await oobUser("email");
    const browser = new HostedBrowser(t.fetch, t.url);
    const { response } = await login(browser, user);
    let html = await response.text();
    const code = await codeOf();
    const wrong = code === "000000" ? "111111" : "000000";
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const answer = await browser.submit(html, "/login/mfa/verify", { code: wrong });
      statuses.push(answer.status);
      html = await answer.text();
      expect(alertOf(html)).toBeDefined();
    }
    // The bucket holds 10 (LIMITS.userAttemptBucket), as for TOTP on these pages.
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    expect(await codeOf()).toBe(code); // re-showing the page sent nothing
    const blocked = await browser.submit(html, "/login/mfa/verify", { code });
    expect(blocked.status).toBe(429);

    t.clock.advance(31); // one token back
    const done = await browser.submit(html, "/login/mfa/verify", { code });
    expect(done.status).toBe(302);
    const rows = await codeRows(await userIdOf(user.email));
    expect(rows.at(-1)!.consumed_at).not.toBeNull();
    const replay = await browser.submit(html, "/login/mfa/verify", { code });
    expect(replay.status).toBe(400);
  });

  it("spends a code once when the same code is posted twice at the same time", async () => {
    const { user, codeOf } = await oobUser("sms");
    const browser = new HostedBrowser(t.fetch, t.url);
    const { response } = await login(browser, user);
    const html = await response.text();
    const code = await codeOf();
    const answers = await Promise.all([
      browser.submit(html, "/login/mfa/verify", { code }),
      browser.submit(html, "/login/mfa/verify", { code }),
    ]);
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 302)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401 || status === 400)).toHaveLength(1);
  });

  it("binds a code to its sign-in attempt: neither another attempt's code nor an API challenge's code works", async () => {
    const { user, to, codeOf } = await oobUser("email");
    const a = new HostedBrowser(t.fetch, t.url);
    await (await login(a, user)).response.text();
    const codeA = await codeOf();

    // Same user, another browser, within the cooldown: no new code, the wait is shown.
    const b = new HostedBrowser(t.fetch, t.url);
    const { response: bPage } = await login(b, user);
    expect(bPage.status).toBe(429);
    const bHtml = await bPage.text();
    expect(await codeOf()).toBe(codeA);
    const foreign = await b.submit(bHtml, "/login/mfa/verify", { code: codeA });
    expect(foreign.status).toBe(401);

    // A code the MFA API sent for an mfa_token is not one for this page.
    t.clock.advance(31);
    const signedIn = await signInForTokens({ ...t, user });
    const { mfaToken } = await requireMfa(t, signedIn.refresh_token!);
    expect((await challengeCall(t, mfaToken, { challenge_type: "oob" })).status).toBe(200);
    const apiCode = await readLatestCode(t, to);
    const api = await b.submit(await foreign.text(), "/login/mfa/verify", { code: apiCode });
    expect(api.status).toBe(401);
  });

  it("asks to wait when a new code is asked for within the cooldown, then sends one; only the newest works", async () => {
    const { user, codeOf } = await oobUser("email");
    const browser = new HostedBrowser(t.fetch, t.url);
    const { response } = await login(browser, user);
    const html = await response.text();
    const firstCode = await codeOf();

    t.clock.advance(10);
    const early = await browser.submit(html, "/login/mfa/choose");
    expect(early.status).toBe(429);
    const wait = Number(early.headers.get("retry-after"));
    expect(wait).toBeGreaterThanOrEqual(19);
    expect(wait).toBeLessThanOrEqual(20);
    const earlyHtml = await early.text();
    expect(earlyHtml).toMatch(/<p class="error" role="alert"/);
    expect(alertOf(earlyHtml)).toContain(`${wait} seconds`);
    expect(await codeOf()).toBe(firstCode);

    t.clock.advance(wait);
    const resent = await browser.submit(earlyHtml, "/login/mfa/choose");
    expect(resent.status).toBe(200);
    const resentHtml = await resent.text();
    expect(alertOf(resentHtml)).toBeUndefined();
    const newCode = await codeOf();
    if (newCode !== firstCode) {
      const old = await browser.submit(resentHtml, "/login/mfa/verify", { code: firstCode });
      expect(old.status).toBe(401);
    }
    const done = await browser.submit(resentHtml, "/login/mfa/verify", { code: newCode });
    expect(done.status).toBe(302);
  });

  it("shows a failed SMS delivery as a page error that costs no send; SMS then signs in with amr sms", async () => {
    const { user, to, codeOf } = await oobUser("sms");
    const browser = new HostedBrowser(t.fetch, t.url);
    gatewayDown = true;
    let html: string;
    let verifier: string;
    try {
      const started = await login(browser, user);
      const response = started.response;
      verifier = started.verifier;
      expect(response.status).toBe(503);
      html = await response.text();
      expect(alertOf(html)).toBeDefined();
      expect(html).toContain(`+1 ***-***-${to.slice(-4)}`);
      expect(html).not.toContain(to);
    } finally {
      gatewayDown = false;
    }
    // No cooldown was started: a new code can be asked for at once.
    const resent = await browser.submit(html, "/login/mfa/choose");
    expect(resent.status).toBe(200);
    const done = await browser.submit(await resent.text(), "/login/mfa/verify", {
      code: await codeOf(),
    });
    expect(done.status).toBe(302);
    const tokens = await exchange(done.headers.get("location")!, verifier);
    expect(decodeJwt(tokens.access_token).amr).toEqual(expect.arrayContaining(["mfa", "sms"]));
  });
});

async function userIdOf(email: string): Promise<string> {
  const [row] = await t.issuer.db.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [
    email,
  ]);
  return row!.id;
}
