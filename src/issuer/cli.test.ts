import { afterAll, beforeAll, describe, expect, it, jest } from "@jest/globals";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest, type ClientRequest } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { loadStoreImage } from "../testing/store-image.js";

// The CLI as users run it: bundled from source (no stale dist) and spawned.
// Every wait is bounded so a hung process fails the test instead of jest;
// the bounds are generous because start-up (PGlite, scrypt seeding) is slow
// on a loaded machine.
const BOUND_MS = 60_000;
jest.setTimeout(3 * BOUND_MS);
let work: string;
let cli: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "stepup-cli-"));
  // Under the repo so the bundle's bare imports (pg, jose…) resolve from node_modules.
  const cacheDir = resolve("node_modules/.cache/next-stepup-tests");
  mkdirSync(cacheDir, { recursive: true });
  cli = join(cacheDir, `issuer-cli-${randomBytes(4).toString("hex")}.mjs`);
  await build({
    entryPoints: ["src/issuer/cli.ts"],
    outfile: cli,
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    logLevel: "error",
  });
}, 60_000);

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(cli, { force: true });
  rmSync(work, { recursive: true, force: true });
});

/**
 * A PGlite folder already holding the migrated schema (the run's store image),
 * so that a CLI start boots the database instead of running initdb (seconds
 * of CPU) for a test about signals and settings. The image is a tarball of
 * the data folder (its paths start at "/", which tar strips): unpacked by
 * tar, not by booting PGlite here too (a second of CPU).
 */
async function seededDataDir(): Promise<string> {
  const dataDir = join(work, `data-${randomBytes(4).toString("hex")}`);
  mkdirSync(dataDir);
  const image = join(work, "store-image.tar");
  if (!existsSync(image))
    writeFileSync(image, new Uint8Array(await (await loadStoreImage()).arrayBuffer()));
  await promisify(execFile)("tar", ["-xf", image, "-C", dataDir]);
  return dataDir;
}

function writeConfig(content: unknown): string {
  const path = join(work, `${randomBytes(4).toString("hex")}.json`);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const CONFIG = {
  issuer: "http://issuer.file.test",
  secret: randomBytes(32).toString("base64url"),
  clients: [
    {
      clientId: "app",
      clientSecret: randomBytes(18).toString("base64url"),
      redirectUris: ["http://app.test/cb"],
    },
  ],
};

interface Run {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[], env: Record<string, string> = {}): Run {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("NEXT_STEPUP_ISSUER_")),
  );
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...clean, DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done, fail) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`CLI did not exit in time:\n${stdout}\n${stderr}`));
    }, 2 * BOUND_MS);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      done({ code, signal });
    });
  });
  return { child, output: () => ({ stdout, stderr }), exit };
}

async function ready(started: Run): Promise<string> {
  const deadline = Date.now() + BOUND_MS;
  while (Date.now() < deadline) {
    const match = /issuer ready on (\S+)/.exec(started.output().stdout);
    if (match) return match[1]!;
    if (started.child.exitCode !== null) break;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`CLI not ready:\n${JSON.stringify(started.output())}`);
}

async function waitFor(check: () => boolean): Promise<void> {
  const deadline = Date.now() + BOUND_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((done) => setTimeout(done, 20));
  }
}

/** A token request whose body is only half sent: in flight until `finish` is called. */
function slowRequest(base: string): {
  request: ClientRequest;
  finish: () => void;
  answer: Promise<{ status: number; body: string }>;
} {
  const body = "grant_type=refresh_token&refresh_token=x&client_id=app&client_secret=wrong";
  const url = new URL("/oauth/token", base);
  const request = httpRequest(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(body.length),
    },
  });
  const answer = new Promise<{ status: number; body: string }>((done, fail) => {
    request.on("response", (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => done({ status: response.statusCode ?? 0, body: text }));
    });
    request.on("error", fail);
  });
  request.write(body.slice(0, 10));
  return { request, finish: () => request.end(body.slice(10)), answer };
}

describe("next-stepup-issuer CLI", () => {
  it("prints --help and exits 0", async () => {
    const started = run(["--help"]);
    expect(await started.exit).toEqual({ code: 0, signal: null });
    expect(started.output().stdout).toMatch(/^Usage: next-stepup-issuer/);
    expect(started.output().stdout).toContain("NEXT_STEPUP_ISSUER_URL");
  });

  it.each([
    ["no config", [], {}, /--config/],
    ["an unreadable file", ["--config", "/nonexistent/issuer.json"], {}, /cannot read/],
    ["bad JSON", ["--config", "BAD_JSON"], {}, /not valid JSON/],
    ["a bad field", ["--config", "BAD_FIELD"], {}, /: clients:/],
    [
      "a bad variable",
      ["--config", "GOOD"],
      { NEXT_STEPUP_ISSUER_SECRET: "short" },
      /NEXT_STEPUP_ISSUER_SECRET:/,
    ],
  ])("exits 2 with one line naming the culprit for %s", async (_name, args, env, pattern) => {
    const paths: Record<string, string> = {
      BAD_JSON: writeConfig("{ nope"),
      BAD_FIELD: writeConfig({ ...CONFIG, clients: undefined }),
      GOOD: writeConfig(CONFIG),
    };
    const started = run(
      args.map((arg) => paths[arg] ?? arg),
      env,
    );
    expect(await started.exit).toEqual({ code: 2, signal: null });
    const { stderr } = started.output();
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(pattern);
  });

  it("takes overrides from the environment; on SIGTERM stops accepting, finishes the request in flight, exits 0", async () => {
    const started = run(["--config", writeConfig({ ...CONFIG, dataDir: await seededDataDir() })], {
      NEXT_STEPUP_ISSUER_URL: "http://issuer.env.test",
      NEXT_STEPUP_ISSUER_PORT: "0",
      NEXT_STEPUP_ISSUER_HOST: "127.0.0.1",
    });
    const base = await ready(started);
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const discovery = await fetch(`${base}/.well-known/openid-configuration`);
    expect(((await discovery.json()) as { issuer: string }).issuer).toBe("http://issuer.env.test");

    const inFlight = slowRequest(base);
    await new Promise((done) => setTimeout(done, 200));
    started.child.kill("SIGTERM");
    await waitFor(() => started.output().stdout.includes("issuer stopping (SIGTERM)"));
    // New connections are refused while the old request is still open.
    await expect(fetch(`${base}/.well-known/jwks.json`)).rejects.toThrow();
    inFlight.finish();
    const answer = await inFlight.answer;
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ error: "invalid_client" });
    expect(await started.exit).toEqual({ code: 0, signal: null });
    expect(started.output().stdout).toContain("issuer stopped");
  });

  it("on SIGINT cuts a request that outlives the shutdown bound, then exits 0", async () => {
    const config = writeConfig({ ...CONFIG, dataDir: await seededDataDir() });
    const started = run(["--config", config, "--port", "0"], {
      NEXT_STEPUP_ISSUER_SHUTDOWN_TIMEOUT: "0.5",
    });
    const base = await ready(started);
    const stuck = slowRequest(base);
    const outcome = stuck.answer.then(
      () => "answered",
      () => "cut",
    );
    await new Promise((done) => setTimeout(done, 200));
    const sent = Date.now();
    started.child.kill("SIGINT");
    expect(await started.exit).toEqual({ code: 0, signal: null });
    // Well under the exit bound: the 0.5 s shutdown timeout cut the stuck request.
    expect(Date.now() - sent).toBeLessThan(15_000);
    expect(await outcome).toBe("cut");
  });
});
