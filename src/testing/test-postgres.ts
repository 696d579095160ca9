import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { STORE_IMAGE_DIR_ENV } from "./store-image.js";

const run = promisify(execFile);

/** A throwaway PostgreSQL cluster on 127.0.0.1, for tests. */
export interface TestPostgres {
  /** Server URL without a database name, e.g. "postgres://postgres@127.0.0.1:54321". */
  url: string;
  /** Creates an empty database with a random name and returns its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server and deletes its files. */
  stop(): Promise<void>;
}

/**
 * The folder holding `initdb` and `pg_ctl`, or undefined when PostgreSQL is
 * not installed. `PG_BIN` overrides the search (scripts/prerequisites.mjs
 * sets it for `npm test`); then PATH, /usr/local/bin and Debian's folders,
 * in the same order as that script.
 */
export function findPostgresBin(): string | undefined {
  const onPath = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  const candidates = [process.env.PG_BIN, ...onPath, "/usr/local/bin"];
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    // Newest major version first.
    const versions = readdirSync(debian)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(debian, version, "bin")));
  }
  return candidates.find(
    (dir): dir is string =>
      !!dir && existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl")),
  );
}

/**
 * Starts a fresh cluster (initdb + pg_ctl) in a temporary folder, listening on
 * 127.0.0.1 on a free port, trusting local connections (it holds test data
 * only and is deleted on stop). initdb refuses to run as root, so as root the
 * cluster runs as the `postgres` OS user.
 * @throws Error when the binaries are missing or the server does not start
 */
export async function startTestPostgres(bin = findPostgresBin()): Promise<TestPostgres> {
  const cluster = await launchCluster(bin);
  let stopped = false;
  return {
    url: cluster.url,
    createDatabase: () => createDatabaseIn(cluster.url),
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopCluster(cluster);
    },
  };
}

/**
 * A started cluster, as the run's folder records it: `stop` is the command
 * that stops it (run by whoever stops it last: the test file, or Jest's
 * globalTeardown for the run's cluster), `dir` the folder to delete then.
 */
interface Cluster {
  url: string;
  dir: string;
  stop: string[];
}

/**
 * Connections a cluster accepts: the run's cluster serves every PostgreSQL
 * test file of both workers at once (pools of up to 10 connections per store,
 * two issuer processes), where PostgreSQL's default is 100.
 */
const MAX_CONNECTIONS = 500;

async function launchCluster(bin: string | undefined): Promise<Cluster> {
  if (!bin) throw new Error("PostgreSQL binaries (initdb, pg_ctl) not found; set PG_BIN");
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), "stepup-pg-"));
  const dataDir = join(dir, "data");
  if (asRoot) {
    const { uid, gid } = await postgresUser();
    chownSync(dir, uid, gid);
  }
  const command = (tool: string, args: string[]) =>
    asRoot
      ? ["runuser", "-u", "postgres", "--", join(bin, tool), ...args]
      : [join(bin, tool), ...args];
  const exec = (tool: string, args: string[]) => {
    const [file, ...rest] = command(tool, args);
    return run(file!, rest);
  };

  const port = await freePort();
  try {
    // --no-sync: durability is pointless for a cluster deleted after the run.
    await exec("initdb", [
      "-D",
      dataDir,
      "-U",
      "postgres",
      "-A",
      "trust",
      "--no-sync",
      "-E",
      "UTF8",
    ]);
    const serverOptions = [
      `-p ${port}`,
      "-c listen_addresses=127.0.0.1",
      `-c unix_socket_directories=${dir}`,
      `-c max_connections=${MAX_CONNECTIONS}`,
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
    ].join(" ");
    await exec("pg_ctl", [
      "-D",
      dataDir,
      "-l",
      join(dir, "log"),
      "-o",
      serverOptions,
      "-w",
      "start",
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}`,
    dir,
    // Immediate: no checkpoint, the files are deleted next.
    stop: command("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]),
  };
}

async function stopCluster({ dir, stop: [file, ...args] }: Cluster): Promise<void> {
  await run(file!, args).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}

async function createDatabaseIn(url: string): Promise<string> {
  const name = `stepup_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: `${url}/postgres` });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return `${url}/${name}`;
}

/** The run's cluster, in the run's folder (see {@link runTestPostgres}). */
const RUN_CLUSTER_FILE = "postgres.json";
const RUN_CLUSTER_FAILED = "postgres.failed";
/** Starting takes seconds; past this bound (a crashed starter) the waiter gives up. */
const WAIT_FOR_CLUSTER_MS = 60_000;
/** Taken at load, so that a test's fake timers cannot stall the wait. */
const realSetTimeout = globalThis.setTimeout;

/**
 * A cluster for a test file: the run's, when the run has a folder
 * ({@link STORE_IMAGE_DIR_ENV}, made by Jest's globalSetup), else one of the
 * file's own ({@link startTestPostgres}). The run's cluster is started by the
 * first file that asks, whichever worker runs it, and used by every later
 * one; each file makes its own databases in it (`createDatabase`), so files
 * share the server and nothing else. Its `stop()` leaves it running for the
 * files still to come: Jest's globalTeardown stops it (test/global-teardown.ts
 * runs the recorded `stop` command). One initdb and server start per run
 * instead of one per file: seconds each.
 * @throws Error when the binaries are missing or the server does not start
 */
export async function runTestPostgres(bin = findPostgresBin()): Promise<TestPostgres> {
  const runDir = process.env[STORE_IMAGE_DIR_ENV];
  if (!runDir) return startTestPostgres(bin);
  const { url } = await runCluster(runDir, bin);
  return { url, createDatabase: () => createDatabaseIn(url), stop: async () => undefined };
}

async function runCluster(runDir: string, bin: string | undefined): Promise<Cluster> {
  const path = join(runDir, RUN_CLUSTER_FILE);
  const claim = `${path}.starting`;
  try {
    await writeFile(claim, String(process.pid), { flag: "wx" });
  } catch {
    return waitForCluster(runDir);
  }
  try {
    const cluster = await launchCluster(bin);
    // Write then rename, so a reader never sees half a file.
    await writeFile(`${path}.${process.pid}`, JSON.stringify(cluster));
    await rename(`${path}.${process.pid}`, path);
    return cluster;
  } catch (error) {
    await writeFile(join(runDir, RUN_CLUSTER_FAILED), String(error)).catch(() => undefined);
    throw error;
  }
}

async function waitForCluster(runDir: string): Promise<Cluster> {
  const deadline = Date.now() + WAIT_FOR_CLUSTER_MS;
  for (;;) {
    const cluster = await readFile(join(runDir, RUN_CLUSTER_FILE), "utf8").catch(() => undefined);
    if (cluster) return JSON.parse(cluster) as Cluster;
    const failed = await readFile(join(runDir, RUN_CLUSTER_FAILED), "utf8").catch(() => undefined);
    if (failed) throw new Error(`The run's PostgreSQL did not start: ${failed}`);
    if (Date.now() > deadline) throw new Error("The run's PostgreSQL did not start in time");
    await new Promise((resolve) => realSetTimeout(resolve, 50));
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  try {
    const [uid, gid] = await Promise.all([
      run("id", ["-u", "postgres"]),
      run("id", ["-g", "postgres"]),
    ]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch (error) {
    throw new Error("Running as root needs a `postgres` OS user for initdb", { cause: error });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Set to "1" to skip the PostgreSQL variants on purpose (scripts/prerequisites.mjs says so loudly). */
export const SKIP_POSTGRES_ENV = "STEPUP_SKIP_POSTGRES";

/**
 * For test files with a PostgreSQL variant: the binaries' folder. PostgreSQL
 * is required (the PostgreSQL proofs are part of the suite, and a silently
 * skipped suite reads as green); with STEPUP_SKIP_POSTGRES=1 the variant is
 * skipped on purpose: undefined, with a printed notice.
 * @throws Error when PostgreSQL is not installed and the skip is not asked for
 */
export function postgresBinForTests(): string | undefined {
  if (process.env[SKIP_POSTGRES_ENV] === "1") {
    console.warn(`${SKIP_POSTGRES_ENV}=1: skipping the PostgreSQL variant of this suite`);
    return undefined;
  }
  const bin = findPostgresBin();
  if (bin) return bin;
  throw new Error(
    "PostgreSQL (initdb, pg_ctl) is not installed: `npm test` installs it as root on Debian " +
      `(apt-get install -y postgresql), or set PG_BIN, or ${SKIP_POSTGRES_ENV}=1 to skip these tests`,
  );
}
