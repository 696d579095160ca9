// `npm run example`: the issuer on http://localhost:4000 (PGlite under
// .data/issuer) and the example app on http://localhost:3000 (next dev).
// First run: builds the library when dist/ is missing or older than src/,
// and generates dev secrets into .data/ (git-ignored). Ctrl-C stops both.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { linkSelf } from "./link-self.mjs";

const ISSUER_URL = "http://localhost:4000";
const APP_URL = "http://localhost:3000";
const DEMO_USER = {
  email: "demo@example.com",
  password: "stepup-demo-password",
  name: "Demo User",
};
const DATA = ".data";
const READY_TIMEOUT_MS = 120_000;

buildLibraryIfStale();
// app-example imports next-stepup like any app: through node_modules/next-stepup.
linkSelf();
const secrets = loadOrCreateSecrets();
writeIssuerConfig(secrets);

const children = [
  start("issuer", process.execPath, [
    "dist/issuer/cli.js",
    "--config",
    join(DATA, "issuer.config.json"),
    "--port",
    new URL(ISSUER_URL).port,
  ]),
  start(
    "app",
    process.execPath,
    // localhost only, as the issuer: development secrets are not for the network.
    [
      "node_modules/next/dist/bin/next",
      "dev",
      "app-example",
      "-H",
      "localhost",
      "-p",
      new URL(APP_URL).port,
    ],
    {
      STEPUP_ISSUER_BASE_URL: ISSUER_URL,
      STEPUP_CLIENT_ID: "example-app",
      STEPUP_CLIENT_SECRET: secrets.clientSecret,
      STEPUP_SECRET: secrets.appSecret,
      APP_BASE_URL: APP_URL,
    },
  ),
];

let stopping = false;
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

try {
  await Promise.all([
    waitUntilUp(`${ISSUER_URL}/.well-known/openid-configuration`),
    // The first request also makes next dev compile the home page.
    waitUntilUp(`${APP_URL}/`),
  ]);
  console.log(`
  next-stepup example is ready

    App     ${APP_URL}
    Issuer  ${ISSUER_URL}

    Sign in with  ${DEMO_USER.email}
    Password      ${DEMO_USER.password}

  Send a payment from the dashboard to see the step-up. Press Ctrl-C to stop.
`);
} catch (error) {
  console.error(`example: ${error.message}`);
  stop(1);
}

/** Runs `npm run build` when dist/ is missing or any source file is newer than it. */
function buildLibraryIfStale() {
  const marker = "dist/issuer/cli.js";
  const stale =
    !existsSync(marker) ||
    !existsSync("dist/server/index.js") ||
    newestMtime("src") > statSync(marker).mtimeMs;
  if (!stale) return;
  console.log("example: building the library (npm run build)…");
  const { status } = spawnSync("npm", ["run", "--silent", "build"], { stdio: "inherit" });
  if (status !== 0) {
    console.error("example: the build failed; see above");
    process.exit(1);
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (!entry.name.endsWith(".test.ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Random secrets made once per checkout and kept out of git (.data/ is ignored). */
function loadOrCreateSecrets() {
  const path = join(DATA, "dev-secrets.json");
  mkdirSync(DATA, { recursive: true });
  if (existsSync(path)) return JSON.parse(readFileSync(path, "utf8"));
  const secret = () => randomBytes(32).toString("base64url");
  const secrets = { issuerSecret: secret(), appSecret: secret(), clientSecret: secret() };
  writeFileSync(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  console.log(`example: generated dev secrets in ${path}`);
  return secrets;
}

/** Rewritten on every run so that edits here take effect; the store keeps users and factors. */
function writeIssuerConfig(secrets) {
  const config = {
    issuer: ISSUER_URL,
    secret: secrets.issuerSecret,
    // Relative to this file's folder: .data/issuer.
    dataDir: "issuer",
    displayName: "next-stepup example",
    // Email and SMS codes go to the dev outbox, readable at ${ISSUER_URL}/dev/outbox.
    devMode: true,
    clients: [
      {
        clientId: "example-app",
        clientSecret: secrets.clientSecret,
        name: "next-stepup example",
        redirectUris: [`${APP_URL}/auth/callback`],
        // The SDK sends its appBaseUrl; both spellings of the origin are accepted.
        postLogoutRedirectUris: [`${APP_URL}/`, APP_URL],
      },
    ],
    apis: [
      {
        audience: "https://api.example.com/payments",
        requireMfa: true,
        maxAge: 300,
        scopes: ["payments:write"],
      },
      {
        // Passkey-only: changing a payee accepts a passkey or a recovery code, no code factor.
        audience: "https://api.example.com/payees",
        requireMfa: true,
        maxAge: 300,
        scopes: ["payees:write"],
        factors: ["webauthn", "recovery-code"],
      },
    ],
    users: [DEMO_USER],
  };
  writeFileSync(join(DATA, "issuer.config.json"), `${JSON.stringify(config, null, 2)}\n`, {
    mode: 0o600,
  });
}

/** Starts a child with its output prefixed by its name; its exit stops everything. */
function start(name, command, args, extraEnv = {}) {
  const child = spawn(command, args, {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = `[${name}]`.padEnd(9);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => console.log(`${prefix}${line}`));
  }
  child.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`example: ${name} exited (${signal ?? `code ${code}`}); stopping`);
    stop(1);
  });
  return child;
}

async function waitUntilUp(url) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within ${READY_TIMEOUT_MS / 1000} s`);
}

function stop(code) {
  if (stopping) return;
  stopping = true;
  const alive = children.filter((child) => child.exitCode === null && child.signalCode === null);
  if (alive.length === 0) process.exit(code);
  let left = alive.length;
  for (const child of alive) {
    child.once("exit", () => {
      left -= 1;
      if (left === 0) process.exit(code);
    });
    child.kill("SIGTERM");
  }
  // A child that ignores SIGTERM must not keep the terminal.
  setTimeout(() => {
    for (const child of alive) if (child.exitCode === null) child.kill("SIGKILL");
    process.exit(code);
  }, 5000).unref();
}
