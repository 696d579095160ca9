// `npm run test:e2e`: builds the example app for production with the E2E
// settings (skipped when E2E_SKIP_BUILD=1), then runs Playwright, which starts
// the issuer CLI and `next start` itself (playwright.config.ts). Extra
// arguments go to `playwright test`, e.g. `npm run test:e2e -- e2e/sign-in.spec.ts`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { linkSelf } from "./link-self.mjs";
import { ensurePrerequisites, PrerequisiteError } from "./prerequisites.mjs";

const appEnv = JSON.parse(readFileSync("e2e/support/app.env.json", "utf8"));

// The browser, and PostgreSQL for the multi-instance spec (under `npm test`
// both are already pinned in CHROMIUM_PATH and PG_BIN).
let pinned;
try {
  pinned = (await ensurePrerequisites()).env;
} catch (error) {
  if (!(error instanceof PrerequisiteError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const env = { ...process.env, ...pinned, NEXT_TELEMETRY_DISABLED: "1" };

function run(label, command, args, extraEnv = {}) {
  console.log(`\n── e2e: ${label}`);
  const { status, signal } = spawnSync(command, args, {
    stdio: "inherit",
    env: { ...env, ...extraEnv },
  });
  if (signal) process.kill(process.pid, signal);
  return status ?? 1;
}

// The servers run from dist/ (the issuer CLI, and next-stepup/* for the app).
if (!existsSync("dist/server/index.js") || !existsSync("dist/issuer/cli.js")) {
  if (run("building the library (dist/ is missing)", "npm", ["run", "--silent", "build"]) !== 0) {
    process.exit(1);
  }
}

// app-example imports next-stepup like any app: through node_modules/next-stepup.
linkSelf();

if (process.env.E2E_SKIP_BUILD !== "1") {
  const status = run(
    "next build app-example",
    process.execPath,
    ["node_modules/next/dist/bin/next", "build", "app-example"],
    appEnv,
  );
  if (status !== 0) process.exit(status);
}

mkdirSync(".reports", { recursive: true });
process.exit(
  run("playwright test", process.execPath, [
    "node_modules/@playwright/test/cli.js",
    "test",
    ...process.argv.slice(2),
  ]),
);
