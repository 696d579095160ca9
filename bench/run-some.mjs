// Runs some of `npm run bench`'s sections on their own (while tuning one):
// `node bench/run-some.mjs refresh mfa` (default: both). Same measurements,
// same peers in the same run; results are printed, not written.
import { benchMfaVerify } from "./mfa-verify.mjs";
import { benchRefreshGrants } from "./refresh-grants.mjs";
import { section } from "./report.mjs";
import { findPostgresBin, startTestPostgres } from "../dist/testing/test-postgres.js";

const wanted = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ["refresh", "mfa"]);
const postgres = findPostgresBin() ? await startTestPostgres() : undefined;
const databaseUrl = postgres ? () => postgres.createDatabase() : undefined;
try {
  if (wanted.has("refresh")) {
    await benchRefreshGrants(section("Refresh grants on loopback (grants/s)"), { databaseUrl });
  }
  if (wanted.has("mfa")) {
    await benchMfaVerify(section("MFA verifications on loopback (mfa-otp grant)"), { databaseUrl });
  }
} finally {
  await postgres?.stop();
}
