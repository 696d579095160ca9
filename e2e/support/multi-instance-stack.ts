import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestPostgres, type TestPostgres } from "../../src/testing/test-postgres.js";
import { startRoundRobinProxy, type RoundRobinProxy } from "./round-robin-proxy.js";
import { appEnv, type TestUser } from "./settings.js";

/**
 * A deployment in miniature, on its own ports (never the main stack's 3010
 * and 4010): three `next start` instances of the example behind a
 * round-robin proxy, and two issuer processes (the built CLI) over one
 * throwaway PostgreSQL behind another. Access tokens live 20 s, under the
 * SDK's 30 s margin, so every request finds its token expired and refreshes.
 */
export const PORTS = {
  app: 3320,
  apps: [3321, 3322, 3323],
  issuer: 4320,
  issuers: [4321, 4322],
} as const;
export const APP_URL = `http://localhost:${PORTS.app}`;
export const ISSUER_URL = `http://127.0.0.1:${PORTS.issuer}`;
export const STACK_USER: TestUser = {
  email: "multi-instance@example.com",
  password: "multi-instance-password-1",
  name: "Multi Instance",
};
const ACCESS_TOKEN_TTL = 20;
const START_TIMEOUT_MS = 25_000;

export interface MultiInstanceStack {
  appProxy: RoundRobinProxy;
  issuerProxy: RoundRobinProxy;
  stop(): Promise<void>;
}

export async function startMultiInstanceStack(): Promise<MultiInstanceStack> {
  const work = mkdtempSync(join(tmpdir(), "stepup-multi-"));
  const children: ChildProcess[] = [];
  const proxies: RoundRobinProxy[] = [];
  let postgres: TestPostgres | undefined;
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await postgres?.stop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    postgres = await startTestPostgres();
    const config = join(work, "issuer.json");
    writeFileSync(
      config,
      JSON.stringify({
        issuer: ISSUER_URL,
        secret: "multi-instance-issuer-secret-0123456789abcdef",
        databaseUrl: await postgres.createDatabase(),
        accessTokenTtl: ACCESS_TOKEN_TTL,
        clients: [
          {
            clientId: appEnv.STEPUP_CLIENT_ID,
            clientSecret: appEnv.STEPUP_CLIENT_SECRET,
            redirectUris: [`${APP_URL}/auth/callback`],
            postLogoutRedirectUris: [`${APP_URL}/`],
          },
        ],
        apis: [
          {
            audience: "https://api.example.com/payments",
            requireMfa: true,
            maxAge: 300,
            scopes: ["payments:write"],
          },
        ],
        users: [STACK_USER],
      }),
    );
    const issuers = PORTS.issuers.map((port) =>
      start(
        children,
        ["dist/issuer/cli.js", "--config", config, "--host", "127.0.0.1", "--port", String(port)],
        {},
        /issuer ready on/,
      ),
    );
    const env = { ...appEnv, APP_BASE_URL: APP_URL, STEPUP_ISSUER_BASE_URL: ISSUER_URL };
    const apps = PORTS.apps.map((port) =>
      start(
        children,
        [
          "node_modules/next/dist/bin/next",
          "start",
          "app-example",
          "-p",
          String(port),
          "-H",
          "127.0.0.1",
        ],
        env,
        /Ready in/,
      ),
    );
    proxies.push(
      await startRoundRobinProxy({
        host: "127.0.0.1",
        port: PORTS.issuer,
        upstreams: [...PORTS.issuers],
      }),
      await startRoundRobinProxy({
        host: "localhost",
        port: PORTS.app,
        upstreams: [...PORTS.apps],
      }),
    );
    await Promise.all([...issuers, ...apps]);
    return { issuerProxy: proxies[0]!, appProxy: proxies[1]!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Spawns `node args…` and resolves once its output matches `ready`. */
function start(
  children: ChildProcess[],
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<void> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => reject(new Error(`${args[0]} did not start:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited with ${code}:\n${output}`));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
