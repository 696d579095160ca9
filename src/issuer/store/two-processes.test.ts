import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import pg from "pg";
import { generateTotp } from "../../testing/generate-totp.js";
import { signInForTokens, type SignInTarget } from "../../testing/sign-in-for-tokens.js";
import {
  postgresBinForTests,
  runTestPostgres,
  type TestPostgres,
} from "../../testing/test-postgres.js";

// Two real issuer processes (the CLI, bundled from source so no stale dist is
// involved) over one PostgreSQL database: what holds in one process must hold
// across both, as behind a load balancer.
const ISSUER = "http://issuer.test";
const AUDIENCE = "https://api.example.com/payments";
const CLIENT = {
  clientId: "app",
  clientSecret: randomBytes(18).toString("base64url"),
  redirectUris: ["http://app.test/cb"],
};
const USERS = ["budget", "replay", "recovery", "refresh", "parallel"].map((name) => ({
  email: `${name}@example.com`,
  password: randomBytes(12).toString("base64url"),
}));
const START_TIMEOUT_MS = 20_000;

const bin = postgresBinForTests();
const describePg = bin ? describe : describe.skip;

describePg("two issuer processes over one PostgreSQL", () => {
  let server: TestPostgres | undefined;
  let work: string;
  const children: ChildProcess[] = [];
  let a: typeof fetch;
  let b: typeof fetch;
  let databaseUrl: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "stepup-2p-"));
    // The bundle sits under the repo so its bare imports (pg, jose…) resolve from node_modules.
    const cacheDir = resolve("node_modules/.cache/next-stepup-tests");
    mkdirSync(cacheDir, { recursive: true });
    const cli = join(cacheDir, `issuer-cli-${randomBytes(4).toString("hex")}.mjs`);
    const [pgServer] = await Promise.all([
      runTestPostgres(bin),
      build({
        entryPoints: ["src/issuer/cli.ts"],
        outfile: cli,
        bundle: true,
        platform: "node",
        format: "esm",
        packages: "external",
        logLevel: "error",
      }),
    ]);
    server = pgServer;
    const config = join(work, "issuer.json");
    writeFileSync(
      config,
      JSON.stringify({
        issuer: ISSUER,
        secret: randomBytes(32).toString("base64url"),
        clients: [CLIENT],
        apis: [{ audience: AUDIENCE, requireMfa: true, maxAge: 300, scopes: ["payments:write"] }],
        users: USERS,
        // The parallel-guess test mints 250 mfa_tokens from one sign-in.
        mfaTokensPerFamilyPerMinute: 1000,
        // Passwords at test cost: each process hashes the five users at start and
        // every sign-in verifies one, which at OWASP's cost is about 0.3 s of CPU
        // each, and nothing here is about the hash (devMode adds the outbox and
        // the push factor, which no test here uses).
        devMode: true,
        insecureFastPasswordHashing: true,
      }),
    );
    // DATABASE_URL through the environment: the CLI's fallback when the file names no store.
    databaseUrl = await server.createDatabase();
    const env = { ...process.env, DATABASE_URL: databaseUrl };
    try {
      const urls = await Promise.all(
        [0, 1].map(() => {
          const child = spawn(process.execPath, [cli, "--config", config, "--port", "0"], {
            env,
            stdio: ["ignore", "pipe", "pipe"],
          });
          children.push(child);
          return waitReady(child);
        }),
      );
      expect(new Set(urls).size).toBe(2);
      [a, b] = urls.map(routeTo) as [typeof fetch, typeof fetch];
    } finally {
      rmSync(cli, { force: true });
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(children.map(stopChild));
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const target = (viaFetch: typeof fetch, user: (typeof USERS)[number]): SignInTarget => ({
    url: ISSUER,
    fetch: viaFetch,
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    redirectUri: CLIENT.redirectUris[0]!,
    user,
  });

  /** Signs in on one process and asks it for the payments API: a fresh mfa_token. */
  async function stepUpToken(
    viaFetch: typeof fetch,
    user: (typeof USERS)[number],
  ): Promise<string> {
    const login = await signInForTokens(target(viaFetch, user));
    const denied = await token(viaFetch, {
      grant_type: "refresh_token",
      refresh_token: login.refresh_token!,
      audience: AUDIENCE,
    });
    expect(denied.body.error).toBe("mfa_required");
    return denied.body.mfa_token as string;
  }

  async function enroll(viaFetch: typeof fetch, mfaToken: string) {
    const response = await viaFetch(`${ISSUER}/mfa/associate`, {
      method: "POST",
      headers: { authorization: `Bearer ${mfaToken}`, "content-type": "application/json" },
      body: JSON.stringify({ authenticator_types: ["otp"] }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { secret: string; recovery_codes: string[] };
  }

  const otpGrant = (viaFetch: typeof fetch, mfaToken: string, otp: string) =>
    token(viaFetch, {
      grant_type: "http://auth0.com/oauth/grant-type/mfa-otp",
      mfa_token: mfaToken,
      otp,
    });
  // A code from an hour ago: wrong now (barring a 1-in-a-million collision).
  const wrongCode = (secret: string) => generateTotp(secret, Date.now() - 3_600_000);

  it("shares one mfa_token's five-answer budget: the sixth answer is refused with 429", async () => {
    const mfaToken = await stepUpToken(a, USERS[0]!);
    const { secret } = await enroll(a, mfaToken);
    for (const [i, viaFetch] of [a, b, a, b, a].entries()) {
      const answer = await otpGrant(viaFetch, mfaToken, await wrongCode(secret));
      expect([i, answer.status, answer.body.error]).toEqual([i, 403, "invalid_grant"]);
    }
    const sixth = await otpGrant(b, mfaToken, await wrongCode(secret));
    expect([sixth.status, sixth.body.error]).toEqual([429, "too_many_attempts"]);
    // Burned for good, even with the right code, on either process.
    const right = await otpGrant(a, mfaToken, await generateTotp(secret));
    expect(right.status).toBe(429);
  });

  it("refuses on B an mfa_token already verified on A", async () => {
    const mfaToken = await stepUpToken(a, USERS[1]!);
    const { secret } = await enroll(a, mfaToken);
    const verified = await otpGrant(a, mfaToken, await generateTotp(secret));
    expect(verified.status).toBe(200);
    const again = await otpGrant(b, mfaToken, await generateTotp(secret, Date.now() + 30_000));
    expect([again.status, again.body.error]).toEqual([401, "expired_token"]);
  });

  it("spends a recovery code once: used on A, refused on B", async () => {
    const first = await stepUpToken(b, USERS[2]!);
    const { secret, recovery_codes: codes } = await enroll(b, first);
    expect((await otpGrant(a, first, await generateTotp(secret))).status).toBe(200);
    const recover = (viaFetch: typeof fetch, mfaToken: string) =>
      token(viaFetch, {
        grant_type: "http://auth0.com/oauth/grant-type/mfa-recovery-code",
        mfa_token: mfaToken,
        recovery_code: codes[0]!,
      });
    const used = await recover(a, await stepUpToken(a, USERS[2]!));
    expect(used.status).toBe(200);
    const reused = await recover(b, await stepUpToken(b, USERS[2]!));
    expect([reused.status, reused.body.error]).toEqual([403, "invalid_grant"]);
  });

  it("answers refreshes racing on both processes with one rotation and the same successor", async () => {
    const login = await signInForTokens(target(a, USERS[3]!));
    // The processes run on the real clock: the login's token is made a minute
    // old in the store, so that it is due for rotation (past the reuse interval).
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query("UPDATE refresh_tokens SET created_at = created_at - 60000");
    } finally {
      await db.end();
    }
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        token(i % 2 ? a : b, { grant_type: "refresh_token", refresh_token: login.refresh_token! }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    const successors = new Set(answers.map((answer) => answer.body.refresh_token));
    expect(successors.size).toBe(1);
    expect(successors.has(login.refresh_token)).toBe(false);
  });

  it("500 parallel wrong guesses over 250 fresh mfa_tokens of one user: at most 10 are evaluated", async () => {
    const user = USERS[4]!;
    const first = await stepUpToken(a, user);
    const { secret } = await enroll(a, first);
    const enrolled = await otpGrant(b, first, await generateTotp(secret));
    expect(enrolled.status).toBe(200);
    // max_age=0 asks for an MFA younger than now: every refresh answers mfa_required
    // (without rotating), each with a fresh mfa_token, alternately from A and B.
    const tokens = await Promise.all(
      Array.from({ length: 250 }, async (_, i) => {
        const denied = await token(i % 2 === 0 ? a : b, {
          grant_type: "refresh_token",
          refresh_token: enrolled.body.refresh_token as string,
          audience: AUDIENCE,
          max_age: "0",
        });
        expect(denied.body.error).toBe("mfa_required");
        return denied.body.mfa_token as string;
      }),
    );
    expect(new Set(tokens).size).toBe(250);
    const wrong = await wrongCode(secret);
    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, i) => otpGrant(i % 2 === 0 ? a : b, tokens[i % 250]!, wrong)),
    );
    const statuses = answers.map((answer) => `${answer.status} ${answer.body.error}`);
    const judged = statuses.filter((status) => status === "403 invalid_grant").length;
    expect(judged).toBeLessThanOrEqual(10);
    expect(statuses.filter((status) => status === "429 too_many_attempts")).toHaveLength(
      500 - judged,
    );
    // Evaluations as the store saw them: one mfa.failed audit event per checked answer.
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ failed: number }>(
        `SELECT count(*)::int AS failed FROM audit_events e JOIN users u ON u.id = e.user_id
         WHERE u.email = $1 AND e.type = 'mfa.failed'`,
        [user.email],
      );
      expect(rows[0]!.failed).toBe(judged);
      expect(judged).toBeGreaterThan(0);
      console.log(`two issuer processes, 500 parallel wrong guesses: ${judged} evaluated`);
    } finally {
      await db.end();
    }
  }, 60_000);

  async function token(viaFetch: typeof fetch, params: Record<string, string>) {
    const response = await viaFetch(`${ISSUER}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
        ...params,
      }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
});

/** A fetch for the public issuer URL that reaches one process (a load balancer pinned to it). */
function routeTo(base: string): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin !== ISSUER) throw new TypeError(`Unexpected request to ${request.url}`);
    return fetch(`${base}${url.pathname}${url.search}`, {
      method: request.method,
      headers: request.headers,
      body:
        request.method === "GET" || request.method === "HEAD"
          ? undefined
          : await request.arrayBuffer(),
      redirect: "manual",
      signal: AbortSignal.timeout(10_000),
    });
  }) as typeof fetch;
}

function waitReady(child: ChildProcess): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let output = "";
    const timer = setTimeout(
      () => reject(new Error(`issuer did not start:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /issuer ready on (\S+)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolvePromise(ready[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`issuer exited with ${code}:\n${output}`));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
