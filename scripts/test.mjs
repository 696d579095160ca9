// `npm test`: every check the project has, in one command, ending with one
// plain line "N passed, N failed" that counts the tests of every runner (Jest
// and Playwright). First the machine's prerequisites (Chromium, PostgreSQL:
// scripts/prerequisites.mjs finds or installs them, or stops at once with one
// line). Lint, type-check and build are gates: a failing gate fails the run
// and is counted as one failed check, so a broken build can never print
// "0 failed".
import { spawn } from "node:child_process";
import { setPriority } from "node:os";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import {
  ensurePrerequisites,
  POSTGRES_SKIPPED_NOTICE,
  PrerequisiteError,
} from "./prerequisites.mjs";

const runStarted = Date.now();
const reports = ".reports";
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

let prerequisites;
try {
  prerequisites = await ensurePrerequisites();
} catch (error) {
  if (!(error instanceof PrerequisiteError)) throw error;
  console.error(error.message);
  writeFileSync(`${reports}/summary.txt`, "0 passed, 1 failed\n");
  console.log("0 passed, 1 failed");
  process.exit(1);
}
// The choices are pinned for every step: playwright.config.ts reads
// CHROMIUM_PATH, src/testing/test-postgres.ts reads PG_BIN.
const env = { ...process.env, ...prerequisites.env, NEXT_TELEMETRY_DISABLED: "1" };

const outcome = (status, started) =>
  `${status === 0 ? "ok" : `failed (exit ${status})`} in ${((Date.now() - started) / 1000).toFixed(1)}s`;

/**
 * Niceness of the gates, which only need CPU, not promptness (see below): the
 * lowest, so that they take only the CPU that the browser tests and Jest
 * leave idle, and never slow a test's own start-up timeouts. Their children
 * inherit it.
 */
const BACKGROUND_NICENESS = 19;

/** Starts `command`; a background step is niced before it can start anything. */
function start(command, args, { extraEnv = {}, background }) {
  const child = spawn(command, args, {
    env: { ...env, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (background && child.pid !== undefined) {
    try {
      setPriority(child.pid, BACKGROUND_NICENESS);
    } catch {
      // Not allowed here (some containers): it runs at normal priority, only slower.
    }
  }
  return child;
}

/**
 * Runs a step whose output streams as it comes, each line prefixed with the
 * step's name, so that two steps running side by side stay readable.
 */
function prefixedStep(name, command, args, options = {}) {
  console.log(`\n── ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = start(command, args, options);
    for (const stream of [child.stdout, child.stderr]) {
      let partial = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk) => {
        const lines = (partial + chunk).split("\n");
        partial = lines.pop();
        for (const line of lines) console.log(`[${name}] ${line}`);
      });
      stream.on("end", () => partial && console.log(`[${name}] ${partial}`));
    }
    child.on("close", (status) => {
      console.log(`── ${name}: ${outcome(status, started)}`);
      resolve(status === 0);
    });
  });
}

/** Runs a gate with its output held back, so that gates running side by side print one after another. */
function bufferedGate(name, command, args, options = { background: true }) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = start(command, args, options);
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (status) => {
      console.log(`\n── ${name}: ${command} ${args.join(" ")}`);
      if (output) process.stdout.write(output);
      console.log(`── ${name}: ${outcome(status, started)}`);
      resolve(status === 0);
    });
  });
}

/** A step whose input failed to build: said, not run (that failure is counted), neither ok nor failed. */
function skipped(name) {
  console.log(`\n── ${name}: skipped (its build failed)`);
  return "skipped";
}

// The run's long pole is the browser tests' chain: build → `next build` of
// the example → Playwright, which mostly waits on pages and servers (about
// half a core). Each step of it starts the moment it can, at normal priority.
// The gates only need CPU, not promptness: they start at once too (those
// that read dist/ once it is built), niced, on what the tests leave idle; a
// failing gate still fails the run. Jest starts beside Playwright: the build
// and `next build` are short bursts that use both cores, which Jest's own
// start-up timeouts should not compete with. Jest and the browser tests share
// nothing: Jest's servers and databases take free ports and temporary
// folders, the browser tests their fixed ports (playwright.config.ts). The
// build's own tsc runs type-check the library's two halves
// (tsconfig.sdk.json, tsconfig.node.json): `npm run typecheck` repeats them
// only when run alone.
const built = bufferedGate("build", "npm", ["run", "--silent", "build"], { background: false });
/** Runs `step` once the build is done, or says it is skipped if the build failed. */
const afterBuild = (name, step) => built.then((ok) => (ok ? step() : skipped(name)));
// The browser tests' build of the example skips Next's type-check: the
// "typecheck app-example" gate does it (and fails the run if it fails). That
// gate waits for this build, which empties app-example/.next where the gate's
// `next typegen` writes.
const appBuilt = afterBuild("next build app-example", () =>
  prefixedStep(
    "e2e",
    process.execPath,
    ["node_modules/next/dist/bin/next", "build", "app-example"],
    { extraEnv: { ...readJson("e2e/support/app.env.json"), STEPUP_APP_TYPES_CHECKED: "1" } },
  ),
);
const gateSteps = [
  bufferedGate("lint", "npm", ["run", "--silent", "lint"]),
  bufferedGate("typecheck", "npx", ["tsc", "-p", "tsconfig.json"]),
  built,
  afterBuild("package", () => bufferedGate("package", "node", ["scripts/check-package.mjs"])),
  afterBuild("typecheck app-example", async () => {
    await appBuilt;
    return bufferedGate("typecheck app-example", "npm", ["run", "--silent", "typecheck:example"]);
  }),
];
const e2eStep = appBuilt.then((ok) =>
  ok === true
    ? prefixedStep("e2e", "node", ["scripts/e2e.mjs"], { extraEnv: { E2E_SKIP_BUILD: "1" } })
    : skipped("e2e"),
);
const jestStep = appBuilt.then(() =>
  prefixedStep("jest", "npm", [
    "run",
    "--silent",
    "test:unit",
    "--",
    "--ci",
    "--json",
    `--outputFile=${reports}/jest.json`,
  ]),
);
const gates = await Promise.all(gateSteps);
const failedGates = gates.filter((ok) => ok === false).length;
await Promise.all([jestStep, e2eStep]);

const jest = readJson(`${reports}/jest.json`);
const playwright = readJson(`${reports}/playwright.json`);
const counts = [
  jest
    ? { passed: jest.numPassedTests, failed: jest.numFailedTests + jest.numRuntimeErrorTestSuites }
    : null,
  playwright
    ? {
        passed: playwright.stats.expected,
        failed: playwright.stats.unexpected + playwright.stats.flaky,
      }
    : null,
];
// A runner that produced no report crashed before counting: that is a failure.
const missing = counts.filter((c) => c === null).length;
const passed = counts.reduce((sum, c) => sum + (c?.passed ?? 0), 0);
const failed = counts.reduce((sum, c) => sum + (c?.failed ?? 0), 0) + missing + failedGates;

const summary = `${passed} passed, ${failed} failed`;
writeFileSync(`${reports}/summary.txt`, `${summary}\n`);
console.log(
  `\njest: ${fmt(counts[0])}; playwright: ${fmt(counts[1])}; failed gates: ${failedGates}; ` +
    `${((Date.now() - runStarted) / 1000).toFixed(1)}s in all`,
);
if (prerequisites.postgresSkipped) console.log(POSTGRES_SKIPPED_NOTICE);
console.log(summary);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

function readJson(path) {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}
function fmt(c) {
  return c ? `${c.passed} passed, ${c.failed} failed` : "no report";
}
