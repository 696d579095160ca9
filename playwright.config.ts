import { defineConfig } from "@playwright/test";
import { existsSync } from "node:fs";
import type { StepUpTestOptions } from "./src/testing/playwright/index.js";
import { appEnv, issuerConfig } from "./e2e/support/settings.js";

const appUrl = appEnv.APP_BASE_URL ?? "http://localhost:3010";
const issuerUrl = issuerConfig.issuer;
const port = (url: string) => new URL(url).port;

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
  // A spec may wait up to one 30 s TOTP step for a fresh code.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: ".reports/playwright.json" }]],
  outputDir: "test-results",
  use: {
    baseURL: appUrl,
    // next-stepup/testing/playwright reads the issuer's dev outbox there.
    stepUpIssuer: issuerUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        browserName: "chromium",
        launchOptions: {
          executablePath:
            process.env.CHROMIUM_PATH ??
            (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
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
