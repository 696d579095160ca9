import { randomBytes } from "node:crypto";
import { ADMIN_SCOPES } from "../../src/issuer/options.js";
import {
  generateTotp,
  readLatestCode,
  startTestIssuer,
  type TestIssuer,
} from "../../src/testing/index.js";
import {
  createUser,
  issuerCalls,
  mfaAudienceOf,
  OOB_GRANT,
  OTP_GRANT,
} from "../helpers/issuer-calls.js";
import { findForm, HostedBrowser } from "../helpers/hosted-browser.js";
import {
  authorizeUrl,
  cookieHeaderOf,
  enrollTotp,
  expectStatus,
  refreshTokenFor,
  signInHosted,
} from "./fixture-steps.js";
import { DueCredentials, type CredentialGroup } from "./due-credentials.js";
import { installStoreJournal, type StoreJournal } from "./store-journal.js";

/**
 * The shared state of an issuer fuzz file, built once: an issuer whose test
 * client may use the admin API, a second client, the user with TOTP, email
 * and recovery codes enrolled, a victim user for the destructive admin
 * calls, and live credentials of every kind (refresh token, mfa_token, MFA
 * API and admin access tokens, an authorization code, a login transaction
 * and a hosted MFA step in a browser that has an issuer session, an email
 * challenge's oob_code). They are the `{{placeholders}}` of the generated
 * requests, so that requests get past the first validation and reach the
 * deeper checks.
 *
 * Requests spend budgets, consume tokens and end sessions; `prepare()`
 * starts a new round every ROUND_EVERY requests, or sooner when an answer
 * said something ran out: the clock moves on (budgets refill, codes and
 * tokens expire) and each credential is minted again before the next
 * request that uses it (see DueCredentials).
 */
export interface IssuerFixture {
  t: TestIssuer;
  journal: StoreJournal;
  /** Grant types from discovery (so new grants are fuzzed as they are added). */
  grantTypes: string[];
  values(name: string): string | undefined;
  /** What the issuer last logged as an unexpected error (the cause of a 500), then forgets it. */
  takeLoggedError(): string | undefined;
  /** Before each request: a new round when due, then the due credentials among `names`. */
  prepare(names: ReadonlySet<string>): Promise<void>;
  /** Asks for new credentials before the next request. */
  markStale(): void;
  close(): Promise<void>;
}

export const OTHER_CLIENT = "other-client";
export const APP_ORIGIN = "http://app.test";
export const OTHER_ORIGIN = "http://other.test";
const ROUND_EVERY = 60;
/** Long enough for every attempt budget to refill, short of every lifetime that matters (login session: a day). */
const CLOCK_STEP_SECONDS = 6 * 60;

export async function startIssuerFixture(): Promise<IssuerFixture> {
  let lastError: string | undefined;
  const clientSecret = randomBytes(24).toString("base64url");
  const otherSecret = randomBytes(24).toString("base64url");
  const t = await startTestIssuer({
    clients: [
      {
        clientId: "test-client",
        clientSecret,
        redirectUris: [`${APP_ORIGIN}/auth/callback`],
        postLogoutRedirectUris: [`${APP_ORIGIN}/`],
        name: "Test app",
        adminScopes: [...ADMIN_SCOPES],
      },
      {
        clientId: OTHER_CLIENT,
        clientSecret: otherSecret,
        redirectUris: [`${OTHER_ORIGIN}/cb`],
        name: "Other app",
      },
    ],
    // A 500 fails the fuzz by itself; its report carries the logged cause (lastError).
    logger: (message, error) => {
      lastError = `${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    },
  });
  const calls = issuerCalls(t);
  const values = new Map<string, string>([
    ["issuer", t.url],
    ["client_id", t.clientId],
    ["client_secret", t.clientSecret],
    ["other_client_id", OTHER_CLIENT],
    ["other_client_secret", otherSecret],
    ["basic_credentials", Buffer.from(`${t.clientId}:${t.clientSecret}`).toString("base64")],
    ["redirect_uri", t.redirectUri],
    ["post_logout_redirect_uri", t.postLogoutRedirectUri],
    ["audience", t.audience],
    ["mfa_audience", mfaAudienceOf(t)],
    ["admin_audience", `${t.url}/api/v2/`],
    ["email", t.user.email],
    ["password", t.user.password],
  ]);

  // The user: email as first factor (with recovery codes), then TOTP added with the MFA API token.
  const owner = await ownerFactors(t, calls);
  const userId = (
    await t.issuer.db.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [t.user.email])
  )[0]!.id;
  values.set("user_id", userId);
  values.set("totp_id", owner.totpId);
  values.set("email_id", owner.emailId);
  values.set("recovery_code", owner.recoveryCodes[0]!);
  const victim = await createUser(t);
  values.set("victim_user_id", victim.id);
  values.set("victim_email", victim.email);
  values.set("victim_totp_id", (await enrollTotp(t, victim)).totpId);

  // F mints the fixture's credentials; Z is the browser whose cookies the fuzz sends (and may sign out).
  const minter = new HostedBrowser(t.fetch, t.url);
  const fuzzBrowser = new HostedBrowser(t.fetch, t.url);
  await signInHosted(t, minter, t.user);
  await signInHosted(t, fuzzBrowser, t.user);

  const journal = await installStoreJournal(t.issuer.db);
  const discovery = (await calls.call("/.well-known/openid-configuration")).body;
  let sinceRound = Infinity;
  let stale = false;

  // The credentials, each group minted again (when a request uses it) after each round's clock step.
  const code: CredentialGroup = {
    names: ["auth_code", "code_verifier"],
    async mint() {
      const login = await codeFor(t, minter);
      values.set("auth_code", login.code);
      values.set("code_verifier", login.verifier);
    },
  };
  const tokens: CredentialGroup = {
    names: ["refresh_token", "access_token", "id_token"],
    async mint() {
      const login = await codeFor(t, minter);
      const answer = await calls.token({
        grant_type: "authorization_code",
        code: login.code,
        redirect_uri: t.redirectUri,
        code_verifier: login.verifier,
      });
      expectStatus(answer, 200, "code grant");
      values.set("refresh_token", answer.body.refresh_token);
      values.set("access_token", answer.body.access_token);
      values.set("id_token", answer.body.id_token);
    },
  };
  const mfaToken: CredentialGroup = {
    names: ["mfa_token"],
    after: [tokens],
    async mint() {
      const stop = await calls.token({
        grant_type: "refresh_token",
        refresh_token: values.get("refresh_token")!,
        audience: t.audience,
      });
      expectStatus(stop, 403, "mfa_required");
      values.set("mfa_token", stop.body.mfa_token);
    },
  };
  const oob: CredentialGroup = {
    names: ["oob_code", "binding_code"],
    after: [mfaToken],
    async mint() {
      const challenge = await calls.call("/mfa/challenge", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          client_id: t.clientId,
          mfa_token: values.get("mfa_token")!,
          challenge_type: "oob",
          authenticator_id: owner.emailId,
        }),
      });
      // The hourly send cap may refuse; the last oob_code then stays (expired by now: a case too).
      if (challenge.status === 200) {
        values.set("oob_code", challenge.body.oob_code);
        values.set("binding_code", await readLatestCode(t, t.user.email));
      }
    },
  };
  const mfaApiToken: CredentialGroup = {
    names: ["mfa_api_token"],
    after: [tokens],
    async mint() {
      const apiStop = await calls.token({
        grant_type: "refresh_token",
        refresh_token: values.get("refresh_token")!,
        audience: mfaAudienceOf(t),
      });
      expectStatus(apiStop, 403, "mfa_required for the MFA API");
      // The clock moved past the step of the last {{otp}}, so this code is unused.
      const apiToken = await calls.token({
        grant_type: OTP_GRANT,
        mfa_token: apiStop.body.mfa_token,
        otp: values.get("otp")!,
      });
      if (apiToken.status === 200) values.set("mfa_api_token", apiToken.body.access_token);
    },
  };
  const adminToken: CredentialGroup = {
    names: ["admin_token"],
    async mint() {
      const admin = await calls.token({
        grant_type: "client_credentials",
        audience: `${t.url}/api/v2/`,
      });
      expectStatus(admin, 200, "client_credentials");
      values.set("admin_token", admin.body.access_token);
    },
  };
  // A login page's transaction (POST /login, /signup) and an MFA step's, in the fuzz browser.
  const loginPage: CredentialGroup = {
    names: ["login_transaction"],
    async mint() {
      values.set("login_transaction", await loginTransaction(t, fuzzBrowser));
    },
  };
  const mfaStep: CredentialGroup = {
    names: ["mfa_transaction"],
    async mint() {
      values.set("mfa_transaction", await mfaStepTransaction(t, fuzzBrowser));
    },
  };
  const signupPage: CredentialGroup = {
    names: ["signup_transaction", "signup_code"],
    async mint() {
      const signup = await signupTransaction(t, fuzzBrowser);
      values.set("signup_transaction", signup.transaction);
      values.set("signup_code", signup.code);
    },
  };
  const credentials = new DueCredentials([
    code,
    tokens,
    mfaToken,
    oob,
    mfaApiToken,
    adminToken,
    loginPage,
    mfaStep,
    signupPage,
  ]);

  /** A new round: the clock moves on (budgets refill, codes expire), every credential is due. */
  async function newRound(): Promise<void> {
    t.clock.advance(CLOCK_STEP_SECONDS);
    for (const browser of [minter, fuzzBrowser]) {
      if (!(await hasIssuerSession(t, browser))) await signInHosted(t, browser, t.user);
    }
    values.set("otp", await generateTotp(owner.secret, t.clock.now()));
    credentials.markAllDue();
    sinceRound = 0;
    stale = false;
  }

  async function mintFor(names: ReadonlySet<string>): Promise<void> {
    await credentials.mintFor(names);
    values.set("issuer_cookies", cookieHeaderOf(fuzzBrowser));
    values.set("browser_cookie", cookiePair(fuzzBrowser, "stepup_issuer_browser"));
    values.set("session_cookie", cookiePair(fuzzBrowser, "stepup_issuer_session"));
  }

  return {
    t,
    journal,
    grantTypes: discovery.grant_types_supported as string[],
    values: (name) => values.get(name),
    takeLoggedError() {
      const error = lastError;
      lastError = undefined;
      return error;
    },
    async prepare(names) {
      sinceRound++;
      if (stale || sinceRound >= ROUND_EVERY) await newRound();
      try {
        await mintFor(names);
      } catch {
        // A request revoked what a credential builds on (the refresh token, a session): start over once.
        await newRound();
        await mintFor(names);
      }
      await journal.drain();
    },
    markStale() {
      stale = true;
    },
    async close() {
      await journal.uninstall();
      await t.close();
    },
  };
}

/** Email first (recovery codes come with it), then TOTP through the MFA API. */
async function ownerFactors(t: TestIssuer, calls: ReturnType<typeof issuerCalls>) {
  const login = await refreshTokenFor(t, t.user);
  const stop = await calls.token({
    grant_type: "refresh_token",
    refresh_token: login,
    audience: mfaAudienceOf(t),
  });
  expectStatus(stop, 403, "mfa_required (enroll)");
  const email = await calls.bearer("POST", "/mfa/associate", stop.body.mfa_token, {
    authenticator_types: ["oob"],
    oob_channels: ["email"],
    email: t.user.email,
  });
  expectStatus(email, 200, "associate email");
  const confirmed = await calls.token({
    grant_type: OOB_GRANT,
    mfa_token: stop.body.mfa_token,
    oob_code: email.body.oob_code,
    binding_code: await readLatestCode(t, t.user.email),
  });
  expectStatus(confirmed, 200, "confirm email");
  const apiToken = confirmed.body.access_token as string;
  const totp = await calls.bearer("POST", "/mfa/associate", apiToken, {
    authenticator_types: ["otp"],
  });
  expectStatus(totp, 200, "associate otp");
  const done = await calls.token({
    grant_type: OTP_GRANT,
    mfa_token: apiToken,
    otp: await generateTotp(totp.body.secret, t.clock.now()),
  });
  expectStatus(done, 200, "confirm otp");
  return {
    emailId: email.body.id as string,
    totpId: totp.body.id as string,
    secret: totp.body.secret as string,
    recoveryCodes: email.body.recovery_codes as string[],
  };
}

async function hasIssuerSession(t: TestIssuer, browser: HostedBrowser): Promise<boolean> {
  if (!browser.cookies.has("stepup_issuer_session")) return false;
  const answer = await browser.get(authorizeUrl(t).url);
  await answer.text();
  return answer.status === 302;
}

/** An authorization code from the browser's issuer session (no password, no MFA for plain openid). */
async function codeFor(t: TestIssuer, browser: HostedBrowser, verifier?: string) {
  const request = authorizeUrl(t, {}, verifier);
  const answer = await browser.get(request.url);
  const code = new URL(answer.headers.get("location") ?? "", t.url).searchParams.get("code");
  if (!code) throw new Error(`fixture: no code (${answer.status})`);
  return { code, verifier: request.verifier };
}

/** The transaction of a fresh login page (prompt=login: even with an issuer session), bound to `browser`. */
async function loginTransaction(t: TestIssuer, browser: HostedBrowser) {
  const page = await browser.get(authorizeUrl(t, { prompt: "login" }).url);
  const form = findForm(await page.text(), "/login");
  if (!form?.fields.transaction) throw new Error(`fixture: no login page (${page.status})`);
  return form.fields.transaction;
}

/** A sign-up waiting for its emailed code (a new address each time), bound to `browser`; the code. */
async function signupTransaction(t: TestIssuer, browser: HostedBrowser) {
  const page = await browser.get(authorizeUrl(t, { prompt: "login", screen_hint: "signup" }).url);
  const email = `fuzz-${randomBytes(6).toString("hex")}@example.com`;
  const sent = await browser.submit(await page.text(), "/signup", {
    email,
    name: "Fuzz",
    password: randomBytes(9).toString("base64url"),
  });
  const form = findForm(await sent.text(), "/signup/verify");
  if (!form?.fields.transaction) throw new Error(`fixture: no sign-up code page (${sent.status})`);
  return { transaction: form.fields.transaction, code: await readLatestCode(t, email) };
}

/** The transaction of the MFA step for the payments API (the session's MFA is stale after the clock moved). */
async function mfaStepTransaction(t: TestIssuer, browser: HostedBrowser) {
  const page = await browser.get(authorizeUrl(t, { audience: t.audience }).url);
  const html = await page.text();
  const transaction = /name="transaction" value="([^"]*)"/.exec(html)?.[1];
  if (!transaction) throw new Error(`fixture: no MFA step (${page.status})`);
  return transaction;
}

function cookiePair(browser: HostedBrowser, name: string): string {
  return `${name}=${browser.cookies.get(name) ?? ""}`;
}
