// MFA verifications per second: the mfa-otp grant (an mfa_token and a TOTP
// code in, tokens out) on our issuer over loopback, with 1,000 and with
// 100,000 users in the store, on PGlite and on PostgreSQL. Each request
// verifies a fresh mfa_token of another user; a user is verified at most
// twice (this step's code, then the next step's, which the ±1 step window
// accepts), so TOTP replay protection never refuses a right code.
import { fileURLToPath } from "node:url";
import { generateTotp } from "../dist/testing/index.js";
import { createFormPoster, runLoad, startServerProcess } from "./load.mjs";

const server = fileURLToPath(new URL("./servers/mfa-issuer-server.mjs", import.meta.url));
const GRANT = "http://auth0.com/oauth/grant-type/mfa-otp";
// Latency is about concurrency / throughput (Little's law): 8 requests in
// flight is a busy issuer whose p99 can still meet 50 ms at the targets.
const CONCURRENCY = 8;
const REQUESTS = 2000;

async function measure(name, users, databaseUrl) {
  const args = [String(users), String(REQUESTS), ...(databaseUrl ? [databaseUrl] : [])];
  const { info, stop } = await startServerProcess(server, args);
  const poster = createFormPoster(CONCURRENCY);
  try {
    const codes = {
      now: await generateTotp(info.totpSecret, Date.now()),
      next: await generateTotp(info.totpSecret, Date.now() + 30_000),
    };
    return await runLoad(
      name,
      { concurrency: CONCURRENCY, maxRequests: REQUESTS, maxMs: 20_000 },
      async (_worker, n) => {
        // Request n is the (n / users)-th verification of user n % users.
        const otp = Math.floor(n / users) === 0 ? codes.now : codes.next;
        const { status, json } = await poster.post(info.tokenUrl, {
          grant_type: GRANT,
          mfa_token: info.mfaTokens[n],
          otp,
          client_id: info.client_id,
          client_secret: info.client_secret,
        });
        return status === 200 && typeof json?.access_token === "string";
      },
    );
  } finally {
    poster.close();
    await stop();
  }
}

export async function benchMfaVerify(report, { databaseUrl }) {
  const stores = [{ label: "PGlite", target: 400, url: () => undefined }];
  if (databaseUrl) stores.push({ label: "PostgreSQL", target: 1000, url: databaseUrl });
  for (const store of stores) {
    const small = await measure(
      `mfa-otp grant, ${store.label}, 1,000 users`,
      1000,
      await store.url(),
    );
    report.row(small);
    const large = await measure(
      `mfa-otp grant, ${store.label}, 100,000 users`,
      100_000,
      await store.url(),
    );
    report.row(large);
    const best = Math.max(small.opsPerSecond, large.opsPerSecond);
    report.check(
      `${store.label} verifications/s`,
      best,
      `>= ${store.target}/s`,
      best >= store.target,
    );
    const p99 = Math.max(small.p99, large.p99);
    report.check(`${store.label} p99 ms`, p99, "< 50 ms", p99 < 50);
    const ratio = large.p50 / small.p50;
    report.check(`${store.label} p50 100k users / 1k users`, ratio, "<= 1.2", ratio <= 1.2);
    report.check(
      `${store.label} failed verifications`,
      small.errors + large.errors,
      "= 0",
      small.errors + large.errors === 0,
    );
  }
}
