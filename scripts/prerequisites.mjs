// What `npm test` needs from the machine besides node_modules: a Chromium for
// Playwright and PostgreSQL's server binaries (initdb, pg_ctl) for the store
// tests that run on PostgreSQL (src/testing/test-postgres.ts starts a
// throwaway cluster). The first step of `npm test` (scripts/test.mjs), also
// run by `npm run test:e2e` (scripts/e2e.mjs) and by .ci/run.
//
// Each is found, or installed with apt when that is possible (root on
// Debian), or the run stops at once with one line saying what to install.
// PostgreSQL is required: the issues ask for proofs on PostgreSQL (two
// issuer processes over one database), and a silently skipped suite reads
// as green. STEPUP_SKIP_POSTGRES=1 skips it on purpose, and says so loudly.
//
// The decisions are pure functions of a probe of the machine, so that
// scripts/prerequisites.test.mjs tests every branch without uninstalling
// anything. `node scripts/prerequisites.mjs` runs the check on its own.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";

export const SKIP_POSTGRES_ENV = "STEPUP_SKIP_POSTGRES";
export const SYSTEM_CHROMIUM = "/usr/bin/chromium";
const DEBIAN_POSTGRES = "/usr/lib/postgresql";

/**
 * @typedef {object} Probe what the decisions read from the machine
 * @property {Record<string, string | undefined>} env
 * @property {(path: string) => boolean} exists
 * @property {boolean} isRoot
 * @property {boolean} isDebian /etc/debian_version and apt-get are both there
 * @property {() => Promise<string | undefined>} playwrightChromium Playwright's own browser when installed
 * @property {string[]} postgresDirs folders that may hold initdb and pg_ctl, in order
 * @property {boolean} postgresUser a `postgres` OS user exists (initdb refuses root)
 */

/**
 * @typedef {{ kind: "use", path: string, source: string }
 *   | { kind: "install", pkg: string }
 *   | { kind: "skip" }
 *   | { kind: "missing", component: "chromium" | "postgres", what: string, fix: string }} Decision
 */

/** Where Playwright gets Chromium: CHROMIUM_PATH, Debian's, apt, Playwright's own; else missing. */
export async function decideChromium(probe, { canInstall = true } = {}) {
  const fromEnv = probe.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (probe.exists(fromEnv)) return { kind: "use", path: fromEnv, source: "CHROMIUM_PATH" };
    const what = `CHROMIUM_PATH=${fromEnv} does not exist`;
    return { kind: "missing", component: "chromium", what, fix: "" };
  }
  if (probe.exists(SYSTEM_CHROMIUM)) {
    return { kind: "use", path: SYSTEM_CHROMIUM, source: "Debian's chromium package" };
  }
  if (canInstall && probe.isRoot && probe.isDebian) return { kind: "install", pkg: "chromium" };
  const own = await probe.playwrightChromium();
  if (own) return { kind: "use", path: own, source: "Playwright's browser" };
  return {
    kind: "missing",
    component: "chromium",
    what: "no Chromium",
    fix: probe.isDebian ? "chromium" : "Chromium (or `npx playwright install chromium`)",
  };
}

/** The folder with initdb and pg_ctl: PG_BIN, PATH, Debian's folders, apt; else missing (or skipped on purpose). */
export function decidePostgres(probe, { canInstall = true } = {}) {
  if (probe.env[SKIP_POSTGRES_ENV] === "1") return { kind: "skip" };
  const hasBinaries = (dir) =>
    probe.exists(join(dir, "initdb")) && probe.exists(join(dir, "pg_ctl"));
  const fromEnv = probe.env.PG_BIN;
  if (fromEnv && !hasBinaries(fromEnv)) {
    const what = `PG_BIN=${fromEnv} holds no initdb and pg_ctl`;
    return { kind: "missing", component: "postgres", what, fix: "" };
  }
  const dir = fromEnv || probe.postgresDirs.find(hasBinaries);
  if (dir) {
    if (probe.isRoot && !probe.postgresUser) {
      // test-postgres.ts runs initdb as `postgres` when we are root; Debian's package makes the user.
      return {
        kind: "missing",
        component: "postgres",
        what: "no `postgres` OS user to run initdb as (it refuses root): `useradd --system postgres`",
        fix: "",
      };
    }
    return { kind: "use", path: dir, source: fromEnv ? "PG_BIN" : "found" };
  }
  if (canInstall && probe.isRoot && probe.isDebian) return { kind: "install", pkg: "postgresql" };
  return {
    kind: "missing",
    component: "postgres",
    what: "no PostgreSQL (initdb, pg_ctl)",
    fix: probe.isDebian ? "postgresql" : "PostgreSQL's server binaries",
  };
}

/**
 * The one line printed when something is missing: what, and exactly how to get it.
 * @param {Array<Extract<Decision, { kind: "missing" }>>} missing
 */
export function failureLine(missing, probe) {
  const packages = missing.map((m) => m.fix).filter(Boolean);
  const ways = [];
  if (packages.length > 0) {
    ways.push(
      packages.every((p) => /^[a-z]+$/.test(p))
        ? `\`${probe.isRoot ? "" : "sudo "}apt-get install -y ${packages.join(" ")}\``
        : `install ${packages.join(" and ")}`,
    );
  }
  if (missing.some((m) => m.component === "chromium")) {
    ways.push("set CHROMIUM_PATH to a Chromium or Chrome");
  }
  if (missing.some((m) => m.component === "postgres")) {
    ways.push("set PG_BIN to the folder of initdb and pg_ctl");
    ways.push(`set ${SKIP_POSTGRES_ENV}=1 to skip the PostgreSQL tests`);
  }
  return `prerequisites: ${missing.map((m) => m.what).join("; ")}. Fix: ${ways.join("; or ")}`;
}

/** Says loudly that the PostgreSQL proofs did not run (printed at the start and before the count line). */
export const POSTGRES_SKIPPED_NOTICE =
  `!!! ${SKIP_POSTGRES_ENV}=1: the PostgreSQL store tests and the two-process proofs are SKIPPED; ` +
  "this run proves nothing about PostgreSQL !!!";

/** A prerequisite that is missing and could not be installed; `message` is the one line to print. */
export class PrerequisiteError extends Error {
  name = "PrerequisiteError";
}

/**
 * Finds (or installs) what the tests need and returns the variables that pin
 * the choice for the steps after it: CHROMIUM_PATH (read by
 * playwright.config.ts) and PG_BIN (read by src/testing/test-postgres.ts).
 * `probe` is called again after an install, to see what the install brought.
 * @param {{ probe?: () => Probe, install?: (packages: string[]) => boolean,
 *   log?: (line: string) => void, postgres?: boolean }} [options]
 * @returns {Promise<{ env: Record<string, string>, postgresSkipped: boolean }>}
 * @throws PrerequisiteError with one line when something is missing
 */
export async function ensurePrerequisites({
  probe = probeMachine,
  install = aptInstall,
  log = (line) => console.log(line),
  postgres = true,
} = {}) {
  let machine = probe();
  let chromium = await decideChromium(machine);
  let pg = postgres ? decidePostgres(machine) : { kind: "skip" };
  const packages = [chromium, pg].filter((d) => d.kind === "install").map((d) => d.pkg);
  if (packages.length > 0) {
    log(`prerequisites: installing ${packages.join(" and ")} with apt-get`);
    if (!install(packages)) log(`prerequisites: apt-get install ${packages.join(" ")} failed`);
    machine = probe();
    chromium = await decideChromium(machine, { canInstall: false });
    if (postgres) pg = decidePostgres(machine, { canInstall: false });
  }
  const missing = [chromium, pg].filter((d) => d.kind === "missing");
  if (missing.length > 0) throw new PrerequisiteError(failureLine(missing, machine));

  const env = { CHROMIUM_PATH: chromium.path };
  const found = [`Chromium ${chromium.path} (${chromium.source})`];
  if (pg.kind === "use") {
    env.PG_BIN = pg.path;
    found.push(`PostgreSQL ${pg.path}`);
  }
  log(`prerequisites: ${found.join("; ")}`);
  const postgresSkipped = postgres && pg.kind === "skip";
  if (postgresSkipped) log(POSTGRES_SKIPPED_NOTICE);
  return { env, postgresSkipped };
}

/** The real machine. Only fs checks: no process is started, so a failure answers within a second. */
export function probeMachine(env = process.env) {
  const onPath = (env.PATH ?? "").split(delimiter).filter(Boolean);
  let debianVersions = [];
  if (existsSync(DEBIAN_POSTGRES)) {
    // Newest major version first, as src/testing/test-postgres.ts picks.
    debianVersions = readdirSync(DEBIAN_POSTGRES)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a))
      .map((version) => join(DEBIAN_POSTGRES, version, "bin"));
  }
  return {
    env,
    exists: existsSync,
    isRoot: process.getuid?.() === 0,
    isDebian:
      existsSync("/etc/debian_version") && onPath.some((dir) => existsSync(join(dir, "apt-get"))),
    playwrightChromium: async () => {
      try {
        const { chromium } = await import("playwright-core");
        const path = chromium.executablePath();
        return path && existsSync(path) ? path : undefined;
      } catch {
        return undefined; // node_modules not installed yet (.ci/run checks before npm ci)
      }
    },
    postgresDirs: [...onPath, "/usr/local/bin", ...debianVersions],
    postgresUser: hasPostgresUser(),
  };
}

function hasPostgresUser() {
  try {
    return /^postgres:/m.test(readFileSync("/etc/passwd", "utf8"));
  } catch {
    return false;
  }
}

/** `apt-get update && apt-get install -y <packages>`, quietly; true when it succeeded. */
function aptInstall(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const run = (args) => spawnSync("apt-get", args, { stdio: "inherit", env }).status === 0;
  return run(["update", "-qq"]) && run(["install", "-y", "-qq", ...packages]);
}

// `node scripts/prerequisites.mjs`: the check alone (exit 1 with the one line when something is missing).
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  ensurePrerequisites().catch((error) => {
    console.error(error instanceof PrerequisiteError ? error.message : error);
    process.exit(1);
  });
}
