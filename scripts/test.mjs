// `npm test`: every check the project has, in one command, ending with one
// plain line "N passed, N failed" that counts the tests of every runner (Jest
// and Playwright). Lint, type-check and build are gates: a failing gate fails
// the run and is counted as one failed check, so a broken build can never
// print "0 failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const reports = ".reports";
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

let failedGates = 0;
function step(name, command, args) {
  console.log(`\n── ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { stdio: "inherit", env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`── ${name}: ${status === 0 ? "ok" : `failed (exit ${status})`} in ${seconds}s`);
  return status === 0;
}
function gate(name, command, args) {
  if (!step(name, command, args)) failedGates += 1;
}

gate("lint", "npm", ["run", "--silent", "lint"]);
gate("build", "npm", ["run", "--silent", "build"]);
gate("package", "node", ["scripts/check-package.mjs"]);
gate("typecheck", "npm", ["run", "--silent", "typecheck"]);
step("unit and flow tests", "npm", [
  "run",
  "--silent",
  "test:unit",
  "--",
  "--ci",
  "--json",
  `--outputFile=${reports}/jest.json`,
]);
step("end-to-end tests", "node", ["scripts/e2e.mjs"]);

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
