// `npm run bench`: every benchmark, peers measured in the same run, ratios
// printed and written to bench/results.json. Loops and loads are bounded by
// count and time (measure.mjs, load.mjs); servers listen on 127.0.0.1 only.
import { cpus } from "node:os";
import { benchBundleSizes } from "./bundle-sizes.mjs";
import { benchGetAccessToken } from "./get-access-token.mjs";
import { benchMfaVerify } from "./mfa-verify.mjs";
import { benchRefreshGrants } from "./refresh-grants.mjs";
import { section, writeResults } from "./report.mjs";
import { benchSessionSeal } from "./session-seal.mjs";
import { findPostgresBin, startTestPostgres } from "../dist/testing/test-postgres.js";

const meta = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  date: new Date().toISOString(),
};
console.log(`node ${meta.node}, ${meta.cpus} × ${meta.cpuModel}, ${meta.date}`);

// PostgreSQL variants run when its binaries are here (npm test's prerequisites install them).
const postgres = findPostgresBin() ? await startTestPostgres() : undefined;
if (!postgres) console.log("PostgreSQL binaries not found: PostgreSQL variants are skipped");
try {
  await benchSessionSeal(section("Seal and open a session cookie (µs per op)"));

  const tokens = section("Cached getAccessToken per request (ops/s, higher is better)");
  const [ours, theirs, oursMany, theirsMany] = await benchGetAccessToken();
  for (const row of [ours, theirs, oursMany, theirsMany]) tokens.row(row);
  tokens.compare(
    "cached getAccessToken vs nextjs-auth0 4.30",
    ours.opsPerSecond,
    theirs.opsPerSecond,
    3,
  );
  tokens.compare(
    "getSession + 2 getAccessToken in one request vs nextjs-auth0",
    oursMany.opsPerSecond,
    theirsMany.opsPerSecond,
  );

  await benchRefreshGrants(section("Refresh grants on loopback (grants/s, higher is better)"), {
    databaseUrl: postgres ? () => postgres.createDatabase() : undefined,
  });

  await benchMfaVerify(section("MFA verifications on loopback (mfa-otp grant)"), {
    databaseUrl: postgres ? () => postgres.createDatabase() : undefined,
  });

  await benchBundleSizes(section("Client bundles, minified + gzip (bytes, smaller is better)"));
} finally {
  await postgres?.stop();
}
writeResults(new URL("./results.json", import.meta.url), meta);
