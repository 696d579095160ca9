import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { IN_MEMORY_PGLITE_CONF, wrapPglite } from "../issuer/store/pglite-client.js";
import { forgetPreparedStatements } from "../issuer/store/pglite-statement.js";
import type { SqlStore } from "../issuer/store/sql-client.js";
import { loadStoreImage } from "./store-image.js";

/**
 * In-memory stores for test issuers. Booting PGlite, even from the image,
 * costs about a second of CPU; so a closed test issuer's database is emptied
 * and kept for the next one in this process, which then starts at
 * once. A database goes back to the pool only when it provably equals a
 * fresh load of the image again (same tables, columns, indexes,
 * constraints, sequences, triggers and functions; every table empty; a
 * fresh session), so no state can pass from one test to the next;
 * otherwise it is closed.
 */

/**
 * What a fresh load of the image looks like: its tables (besides the
 * migrations'), its sequences and a schema fingerprint. `poolable` is false
 * if a migration ever seeds rows: emptying would then not give the image back.
 */
interface Baseline {
  tables: string[];
  sequences: string[];
  fingerprint: string;
  poolable: boolean;
}

/**
 * An idle database is closed when no issuer takes it within this time: a
 * suite's next issuer comes at once, and closing lets the process exit
 * (PostgreSQL keeps a 10 s statistics timer after each transaction).
 */
const IDLE_MS = 250;
// Taken at load, so a test's fake timers never hold an idle database open.
const { setTimeout: realSetTimeout, clearTimeout: realClearTimeout } = globalThis;

/**
 * Under Jest, the worker's pool (test/pglite-environment.mjs): databases
 * made outside the test files' sandboxes, passed from one file to the next.
 */
interface WorkerPglitePool {
  take(): PGlite | undefined;
  give(db: PGlite): void;
  create(options: PGliteOptions): Promise<PGlite>;
  /**
   * The image's baseline, read by the worker's first file: a later file
   * that starts with a passed-on database has no fresh one to read it from,
   * and without it could not reset that database for the next file.
   */
  baseline?: Baseline;
}
const workerPool = (globalThis as { __nextStepupWorkerPglite?: WorkerPglitePool })
  .__nextStepupWorkerPglite;

// Per process (per test file under Jest): the idle databases, and the image's baseline
// (the worker's, when an earlier file read it).
const idle: Array<{ db: PGlite; timer: ReturnType<typeof setTimeout> }> = [];
let baseline: Promise<Baseline> | undefined = workerPool?.baseline
  ? Promise.resolve(workerPool.baseline)
  : undefined;

const FINGERPRINT_SQL = `
SELECT md5(
  (SELECT coalesce(string_agg(c.relname || '.' || a.attname || ' ' ||
      format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull || ' ' ||
      coalesce(pg_get_expr(d.adbin, d.adrelid), ''), ',' ORDER BY c.relname, a.attnum), '')
   FROM pg_class c
   JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
   LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
   WHERE c.relnamespace = 'public'::regnamespace) ||
  (SELECT coalesce(string_agg(indexdef, ',' ORDER BY indexname), '')
   FROM pg_indexes WHERE schemaname = 'public') ||
  (SELECT coalesce(string_agg(conname || ' ' || pg_get_constraintdef(oid), ',' ORDER BY conname), '')
   FROM pg_constraint WHERE connamespace = 'public'::regnamespace) ||
  (SELECT coalesce(string_agg(sequencename || ' ' || coalesce(last_value::text, '-'), ','
      ORDER BY sequencename), '')
   FROM pg_sequences WHERE schemaname = 'public') ||
  (SELECT count(*)::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
   WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal) || ' ' ||
  (SELECT count(*)::text FROM pg_proc WHERE pronamespace = 'public'::regnamespace) ||
  (SELECT coalesce(string_agg(version || ' ' || name, ',' ORDER BY version), '')
   FROM schema_migrations)
) AS fingerprint`;

async function readBaseline(db: PGlite): Promise<Baseline> {
  const tables = (
    await db.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables
       WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY tablename`,
    )
  ).rows.map((row) => row.name);
  const sequences = (
    await db.query<{ name: string }>(
      `SELECT sequencename AS name FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
    )
  ).rows.map((row) => row.name);
  const fingerprint = (await db.query<{ fingerprint: string }>(FINGERPRINT_SQL)).rows[0]!
    .fingerprint;
  return { tables, sequences, fingerprint, poolable: (await countRows(db, tables)) === 0 };
}

async function countRows(db: PGlite, tables: string[]): Promise<number> {
  if (tables.length === 0) return 0;
  const sum = tables.map((table) => `(SELECT count(*) FROM ${quote(table)})`).join(" + ");
  return (await db.query<{ n: number }>(`SELECT (${sum})::int AS n`)).rows[0]!.n;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Empties `db` and checks it against the baseline; false when it is not like new (then it is not reused). */
async function resetToImage(db: PGlite, { tables, sequences, fingerprint, poolable }: Baseline) {
  if (!poolable) return false;
  // Session state too: settings, prepared statements, temporary tables, session locks.
  await db.exec("DISCARD ALL");
  forgetPreparedStatements(db);
  if (tables.length > 0) {
    // DELETE rather than TRUNCATE: TRUNCATE gives each table and index new
    // files, which in PGlite's in-memory file system made the reset cost about
    // three times as much; the dead rows DELETE leaves are seen by no query.
    // Foreign keys are not checked meanwhile (every table is emptied), and the
    // sequences start over as in the image.
    await db.exec(
      [
        "BEGIN",
        "SET LOCAL session_replication_role = replica",
        ...tables.map((table) => `DELETE FROM ${quote(table)}`),
        ...sequences.map((sequence) => `ALTER SEQUENCE ${quote(sequence)} RESTART`),
        "COMMIT",
      ].join(";\n"),
    );
    if ((await countRows(db, tables)) !== 0) return false;
  }
  const [now] = (await db.query<{ fingerprint: string }>(FINGERPRINT_SQL)).rows;
  return now?.fingerprint === fingerprint;
}

/**
 * A store over an idle database, or over a new one loaded from the image.
 * Its close() waits for the store's own queries in flight, refuses later
 * ones (as a closed database would), then resets the database for reuse.
 */
export async function openPooledStore(): Promise<SqlStore> {
  const reused = idle.pop();
  if (reused) realClearTimeout(reused.timer);
  let db = reused?.db ?? workerPool?.take();
  if (!db) {
    const options = {
      loadDataDir: await loadStoreImage(),
      // A loaded image starts with recovery, whose progress timer (every 10 s)
      // would keep the process alive while the database idles in the pool.
      postgresqlconf: ["log_startup_progress_interval = 0", ...IN_MEMORY_PGLITE_CONF],
    };
    db = await (workerPool ? workerPool.create(options) : PGlite.create(options));
    // Read once, from the first database loaded, before anything is written to it.
    const fresh = db;
    baseline ??= readBaseline(fresh).then(
      (read) => {
        if (workerPool) workerPool.baseline ??= read;
        return read;
      },
      (error: unknown) => {
        baseline = undefined;
        throw error;
      },
    );
    await baseline;
  }
  return lease(db);
}

function closeIdle(entry: (typeof idle)[number]): void {
  const index = idle.indexOf(entry);
  if (index < 0) return;
  idle.splice(index, 1);
  void entry.db.close().catch(() => undefined);
}

function lease(db: PGlite): SqlStore {
  const inner = wrapPglite(db);
  const pending = new Set<Promise<unknown>>();
  let closed = false;
  const track = <T>(operation: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error("The store is closed"));
    const promise = operation();
    pending.add(promise);
    const done = () => pending.delete(promise);
    promise.then(done, done);
    return promise;
  };
  return {
    query: (sql, params) => track(() => inner.query(sql, params)),
    transaction: (fn) => track(() => inner.transaction(fn)),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([...pending]);
      const reusable = await (baseline ?? Promise.reject(new Error("no baseline")))
        .then((expected) => resetToImage(db, expected))
        .catch(() => false);
      if (!reusable) return db.close();
      if (workerPool) return workerPool.give(db);
      const entry = { db, timer: realSetTimeout(() => closeIdle(entry), IDLE_MS) };
      entry.timer.unref?.();
      idle.push(entry);
    },
  };
}
