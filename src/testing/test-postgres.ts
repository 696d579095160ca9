import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

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
  if (!bin) throw new Error("PostgreSQL binaries (initdb, pg_ctl) not found; set PG_BIN");
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), "stepup-pg-"));
  const dataDir = join(dir, "data");
  if (asRoot) {
    const { uid, gid } = await postgresUser();
    chownSync(dir, uid, gid);
  }
  const exec = (tool: string, args: string[]) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", join(bin, tool), ...args])
      : run(join(bin, tool), args);

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

  const url = `postgres://postgres@127.0.0.1:${port}`;
  let stopped = false;
  return {
    url,
    async createDatabase() {
      const name = `stepup_${randomBytes(6).toString("hex")}`;
      const client = new pg.Client({ connectionString: `${url}/postgres` });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `${url}/${name}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // Immediate: no checkpoint, the files are deleted next.
      await exec("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
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
