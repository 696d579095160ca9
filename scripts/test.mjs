// `npm test`: every check the project has, in one command, ending with one
// plain line "N passed, N failed" that counts the tests of every runner (Jest
// and Playwright). First the machine's prerequisites (Chromium, PostgreSQL:
// scripts/prerequisites.mjs finds or installs them, or stops at once with one
// line). Lint, type-check and build are gates: a failing gate fails the run
// and is counted as one failed check, so a broken build can never print
// "0 failed".
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import {
  ensurePrerequisites,
  POSTGRES_SKIPPED_NOTICE,
  PrerequisiteError,
} from "./prerequisites.mjs";

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
 * Runs a step whose output streams as it comes, each line prefixed with the
 * step's name, so that two steps running side by side stay readable.
 */
function prefixedStep(name, command, args, extraEnv = {}) {
  console.log(`\n── ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      env: { ...env, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
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
function bufferedGate(name, command, args) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
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

// The gates are single-threaded: lint runs beside the build, and the checks
// that read the built dist/ (the package's publint/attw, the type-check of
// everything, tests included, and the example app's, which imports
// next-stepup from dist/) run side by side after it. The build's own tsc runs
// have type-checked the library's two halves (tsconfig.sdk.json,
// tsconfig.node.json): `npm run typecheck` repeats them only when run alone.
const gates = (
  await Promise.all([
    bufferedGate("lint", "npm", ["run", "--silent", "lint"]).then((ok) => [ok]),
    bufferedGate("build", "npm", ["run", "--silent", "build"]).then(async (ok) => [
      ok,
      ...(await Promise.all([
        bufferedGate("package", "node", ["scripts/check-package.mjs"]),
        bufferedGate("typecheck", "npx", ["tsc", "-p", "tsconfig.json"]),
        bufferedGate("typecheck app-example", "npm", ["run", "--silent", "typecheck:example"]),
      ])),
    ]),
  ])
).flat();
const failedGates = gates.filter((ok) => !ok).length;
// Jest keeps both cores busy; the browser tests mostly wait on pages and
// servers (about half a core). Side by side, the run takes about as long as
// the longer of the two instead of their sum. They share nothing: Jest's
// servers and databases take free ports and temporary folders, the browser
// tests their fixed ports (playwright.config.ts).
await Promise.all([
  prefixedStep("jest", "npm", [
    "run",
    "--silent",
    "test:unit",
    "--",
    "--ci",
    "--json",
    `--outputFile=${reports}/jest.json`,
  ]),
  // The app was type-checked by the "typecheck app-example" gate: its build skips that.
  prefixedStep("e2e", "node", ["scripts/e2e.mjs"], {
    STEPUP_APP_TYPES_CHECKED: gates.every(Boolean) ? "1" : "0",
  }),
]);

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
  `\njest: ${fmt(counts[0])}; playwright: ${fmt(counts[1])}; failed gates: ${failedGates}`,
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
