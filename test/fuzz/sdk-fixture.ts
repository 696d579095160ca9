/* eslint-disable @typescript-eslint/no-explicit-any -- wire JSON is read loosely here; the fixture checks what it needs. */
import { randomBytes } from "node:crypto";
import { AuthClient } from "../../src/server/index.js";
import { generateTotp, startTestIssuer, type TestIssuer } from "../../src/testing/index.js";
import { HostedBrowser } from "../helpers/hosted-browser.js";
import { createUser, mfaAudienceOf } from "../helpers/issuer-calls.js";
import { cookieHeaderOf, enrollTotp } from "./fixture-steps.js";
import { DueCredentials, type CredentialGroup } from "./due-credentials.js";
import { installStoreJournal, type StoreJournal } from "./store-journal.js";

export const APP = "http://app.test";
export const STEP_UP_PATH = "/step-up";

/**
 * The shared state of the SDK fuzz, built once: an AuthClient wired to an
 * in-process test issuer, a user with TOTP (and recovery codes) signed in
 * through the real login in browser A (and a third user in C, stepped up
 * for the payments API), another user signed in in browser B, and what a browser
 * holds mid-flow: a sealed MFA context of each
 * session (and one that expired), the middleware's pending step-up cookie,
 * a login transaction cookie with its callback query. They are the
 * `{{placeholders}}` of the generated requests. `prepare()` moves the clock
 * on every ROUND_EVERY requests, or sooner after an answer that spent them,
 * and mints each again before the next request that uses it (see
 * DueCredentials).
 */
/** An answer of the issuer to the SDK: its status, and for a 403 its code (mfa_required mints a token). */
export interface IssuerAnswer {
  status: number;
  code?: unknown;
}

export interface SdkFixture {
  t: TestIssuer;
  auth: AuthClient;
  journal: StoreJournal;
  /** The issuer's answers to the SDK since the last call (then forgotten). */
  takeIssuerAnswers(): IssuerAnswer[];
  values(name: string): string | undefined;
  /** Before each request: a new round when due, then the due credentials among `names`. */
  prepare(names: ReadonlySet<string>): Promise<void>;
  markStale(): void;
  close(): Promise<void>;
}

const ROUND_EVERY = 60;
const CLOCK_STEP_SECONDS = 6 * 60;
const MFA_CONTEXT_TTL = 300;

/** A browser of the app: cookies for the app and, separately, for the issuer (its login session). */
interface AppBrowser {
  app: HostedBrowser;
  issuer: HostedBrowser;
  user: { email: string; password: string };
}

export async function startSdkFixture(): Promise<SdkFixture> {
  const t = await startTestIssuer();
  const issuerAnswers: IssuerAnswer[] = [];
  const auth = new AuthClient({
    issuerBaseUrl: t.url,
    clientId: t.clientId,
    clientSecret: t.clientSecret,
    secret: randomBytes(32).toString("base64url"),
    appBaseUrl: APP,
    mfaContextTtl: MFA_CONTEXT_TTL,
    // Records what the issuer answered the SDK (see IssuerAnswer).
    fetch: async (input, init) => {
      const response = await t.fetch(input, init);
      const body =
        response.status === 403
          ? ((await response
              .clone()
              .json()
              .catch(() => undefined)) as { error?: unknown } | undefined)
          : undefined;
      issuerAnswers.push({ status: response.status, code: body?.error });
      return response;
    },
    clock: t.clock.now,
  });
  const appFetch = (async (input: RequestInfo | URL, init?: RequestInit) =>
    (await auth.handler(new Request(input, init))) ??
    new Response("Not found", { status: 404 })) as typeof fetch;
  const newBrowser = (user: { email: string; password: string }): AppBrowser => ({
    app: new HostedBrowser(appFetch, APP),
    issuer: new HostedBrowser(t.fetch, t.url),
    user,
  });

  const owner = await enrollTotp(t, t.user);
  const other = await createUser(t);
  await enrollTotp(t, other);
  // C's user is its own: the fuzz's wrong guesses at A's user spend that user's budget, never C's.
  const stepper = await createUser(t);
  const stepperTotp = await enrollTotp(t, stepper);
  const a = newBrowser(t.user);
  const b = newBrowser(other);
  // C steps up at each round, so the guard's and the routes' paths for a stepped-up session are fuzzed too.
  const c = newBrowser(stepper);
  for (const browser of [a, b, c]) await signIn(browser);

  const values = new Map<string, string>([
    ["totp_id", owner.totpId],
    ["recovery_code", owner.recoveryCodes[0]!],
    ["audience", t.audience],
    ["mfa_audience", mfaAudienceOf(t)],
    ["email", t.user.email],
  ]);
  const journal = await installStoreJournal(t.issuer.db);
  let sinceRound = Infinity;
  let stale = false;

  // Sessions a request revoked (logout) or rotated (verify) sign in again; the issuer session makes it cheap.
  const sessionOf = (browser: AppBrowser, name: string): CredentialGroup => ({
    names: [name],
    async mint() {
      if (!(await sessionWorks(browser))) await signIn(browser);
      values.set(name, cookieHeaderOf(browser.app));
    },
  });
  const sessionA = sessionOf(a, "session_cookie");
  const sessionB = sessionOf(b, "other_session_cookie");
  const sessionC = sessionOf(c, "stepped_session_cookie");
  const stepped: CredentialGroup = {
    names: ["stepped_session_cookie"],
    after: [sessionC],
    async mint() {
      // The previous step's code (still in the window), as {{otp}} may use this step's.
      await stepUpFully(c, await generateTotp(stepperTotp.secret, t.clock.now() - 30_000));
      values.set("stepped_session_cookie", cookieHeaderOf(c.app));
    },
  };
  const contextA: CredentialGroup = {
    names: ["context", "pending_cookie"],
    after: [sessionA],
    async mint() {
      const pending = await stepUp(a);
      values.set("context", pending.context);
      values.set("pending_cookie", pending.cookie);
    },
  };
  const contextB: CredentialGroup = {
    names: ["other_context"],
    after: [sessionB],
    async mint() {
      values.set("other_context", (await stepUp(b)).context);
    },
  };
  const login: CredentialGroup = {
    names: ["txn_cookie", "callback_query"],
    after: [sessionA],
    async mint() {
      const started = await startLogin(a);
      values.set("txn_cookie", started.cookie);
      values.set("callback_query", started.query);
    },
  };
  const credentials = new DueCredentials([
    sessionA,
    sessionB,
    sessionC,
    stepped,
    contextA,
    contextB,
    login,
  ]);

  /** A new round: the clock moves on, every credential is due (see DueCredentials). */
  async function newRound(): Promise<void> {
    // A context of an earlier round has expired (the clock step is longer than its lifetime).
    const previous = values.get("context");
    if (previous) values.set("expired_context", previous);
    t.clock.advance(CLOCK_STEP_SECONDS);
    values.set("otp", await generateTotp(owner.secret, t.clock.now()));
    credentials.markAllDue();
    sinceRound = 0;
    stale = false;
  }

  /** A guarded page's redirect, then the step-up page's read of its context (public routes only). */
  async function stepUp(browser: AppBrowser): Promise<{ context: string; cookie: string }> {
    const guard = await auth.requireStepUp(
      new Request(`${APP}/pay`, { headers: { cookie: cookieHeaderOf(browser.app) } }),
      { audience: t.audience, stepUpPath: STEP_UP_PATH },
    );
    const cookie = guard.headers.getSetCookie().map((line) => line.split(";")[0]!)[0];
    if (guard.status !== 303 || !cookie)
      throw new Error(`fixture: requireStepUp answered ${guard.status}`);
    const read = await auth.handler(
      new Request(`${APP}/auth/mfa/context`, {
        method: "POST",
        headers: { cookie: `${cookieHeaderOf(browser.app)}; ${cookie}`, origin: APP },
      }),
    );
    const body = (await read!.json()) as any;
    if (read!.status !== 200) throw new Error(`fixture: /auth/mfa/context ${JSON.stringify(body)}`);
    return { context: body.mfa_token, cookie };
  }

  /** Steps the browser's session up for the payments API through the SDK's verify route. */
  async function stepUpFully(browser: AppBrowser, otp: string): Promise<void> {
    const { context } = await stepUp(browser);
    const verified = await browser.app.send(`${APP}/auth/mfa/verify`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${context}`,
        origin: APP,
        "content-type": "application/json",
      },
      body: JSON.stringify({ otp }),
    });
    if (verified.status !== 200) {
      throw new Error(`fixture: verify answered ${verified.status} ${await verified.text()}`);
    }
  }

  /** A login in progress: the transaction cookie, and the callback query the issuer sent back (unused). */
  async function startLogin(browser: AppBrowser): Promise<{ cookie: string; query: string }> {
    const scratch = new HostedBrowser(appFetch, APP);
    const login = await scratch.get(`${APP}/auth/login?returnTo=%2Fdashboard`);
    const back = await browser.issuer.get(login.headers.get("location")!);
    const callback = new URL(back.headers.get("location") ?? "", APP);
    if (callback.origin !== APP) throw new Error(`fixture: no callback (${back.status})`);
    return { cookie: cookieHeaderOf(scratch), query: callback.search.slice(1) };
  }

  async function sessionWorks(browser: AppBrowser): Promise<boolean> {
    const profile = await browser.app.get(`${APP}/auth/profile`);
    await profile.text();
    if (profile.status !== 200) return false;
    // A revoked refresh token shows only at the issuer: the step-up must still be offered.
    const guard = await auth.requireStepUp(
      new Request(`${APP}/pay`, { headers: { cookie: cookieHeaderOf(browser.app) } }),
      { audience: t.audience, stepUpPath: STEP_UP_PATH },
    );
    return (
      guard.status === 303 && new URL(guard.headers.get("location")!).pathname === STEP_UP_PATH
    );
  }

  return {
    t,
    auth,
    journal,
    values: (name) => values.get(name),
    takeIssuerAnswers: () => issuerAnswers.splice(0),
    async prepare(names) {
      sinceRound++;
      if (stale || sinceRound >= ROUND_EVERY) await newRound();
      try {
        await credentials.mintFor(names);
      } catch {
        // A request ended what a credential builds on: start over once.
        await newRound();
        await credentials.mintFor(names);
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

/** Signs the browser in through /auth/login and the hosted login page (the password only the first time). */
async function signIn(browser: AppBrowser): Promise<void> {
  browser.app.cookies.clear();
  const login = await browser.app.get(`${APP}/auth/login?returnTo=%2Fdashboard`);
  let answer = await browser.issuer.get(login.headers.get("location")!);
  if (answer.status === 200) {
    answer = await browser.issuer.submit(await answer.text(), "/login", browser.user);
  }
  const callback = await browser.app.get(answer.headers.get("location")!);
  if (callback.status !== 302) throw new Error(`fixture: callback answered ${callback.status}`);
}
