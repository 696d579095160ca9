import { defineConfig } from "@playwright/test";
import type { StepUpTestOptions } from "./src/testing/playwright/index.js";
import { appEnv, issuerConfig } from "./e2e/support/settings.js";
import { decideChromium, probeMachine } from "./scripts/prerequisites.mjs";

const appUrl = appEnv.APP_BASE_URL ?? "http://localhost:3010";
const issuerUrl = issuerConfig.issuer;
const port = (url: string) => new URL(url).port;

/**
 * The browser scripts/prerequisites.mjs chose: `npm test` and `npm run
 * test:e2e` pin it in CHROMIUM_PATH; a bare `npx playwright test` makes the
 * same choice here (without installing anything).
 */
const chromium = await decideChromium(probeMachine(), { canInstall: false });
if (chromium.kind !== "use") {
  throw new Error("No Chromium: run `node scripts/prerequisites.mjs` for what to install");
}

/**
 * The example app (production build, `next start`) and the issuer CLI
 * (in-memory store) in real Chromium. `npm run test:e2e` builds the app
 * first (scripts/e2e.mjs); the library must be built (dist/) as well.
 */
export default defineConfig<StepUpTestOptions>({
  testDir: "e2e",
  // One browser at a time: the machine is small, and the specs share two servers.
  workers: 1,
  fullyParallel: false,
  // No retries: a flaky test is a failing test.
  retries: 0,
  forbidOnly: true,
  // No spec waits out a TOTP step or a resend cooldown (testing/playwright's totpCode, issuer.config.json).
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: ".reports/playwright.json" }]],
  outputDir: "test-results",
  use: {
    baseURL: appUrl,
    // next-stepup/testing/playwright reads the issuer's dev outbox there.
    stepUpIssuer: issuerUrl,
    trace: { mode: "retain-on-failure", screenshots: false },
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        browserName: "chromium",
        launchOptions: {
          executablePath: chromium.path,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command: `node dist/issuer/cli.js --config e2e/support/issuer.config.json --host 127.0.0.1 --port ${port(issuerUrl)}`,
      url: `${issuerUrl}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      command: `node node_modules/next/dist/bin/next start app-example -p ${port(appUrl)} -H localhost`,
      url: `${appUrl}/`,
      env: appEnv,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
