import { PGlite } from "@electric-sql/pglite";
import { runPgliteStatement } from "./pglite-statement.js";
import { TransactionAbortedError, type SqlClient, type SqlStore } from "./sql-client.js";

/**
 * Settings of an in-memory PGlite. A commit does not wait for its WAL write
 * (`synchronous_commit = off`): the write would only reach memory, which a
 * crash loses anyway, and it makes each transaction about twice as fast. A
 * database in a folder keeps PostgreSQL's durable default.
 */
export const IN_MEMORY_PGLITE_CONF = ["synchronous_commit = off"];

/**
 * Opens an embedded PGlite database: in memory when `dataDir` is omitted or
 * ":memory:", otherwise persisted in that folder.
 */
export async function openPgliteStore(dataDir?: string): Promise<SqlStore> {
  if (dataDir && dataDir !== ":memory:") return wrapPglite(await PGlite.create({ dataDir }));
  // In memory there is no file system to sync after each write.
  return wrapPglite(await PGlite.create({ postgresqlconf: IN_MEMORY_PGLITE_CONF }), {
    syncToFs: false,
  });
}

/**
 * The SqlStore interface over an open PGlite; closing the store closes it.
 * Statements run under PGlite's own locks, as its `query` takes them: the
 * transaction lock (a statement never lands inside another caller's
 * transaction), then the query lock. `syncToFs` (default true): each write
 * is synced to PGlite's file system, as PGlite's own `query` does.
 */
export function wrapPglite(db: PGlite, { syncToFs = true } = {}): SqlStore {
  const sync = syncToFs ? () => db.syncToFs() : () => undefined;
  return {
    query<T>(sql: string, params: unknown[] = []) {
      return db._runExclusiveTransaction(() =>
        db._runExclusiveQuery(async () => {
          const rows = await runPgliteStatement<T>(db, sql, params);
          await sync();
          return rows;
        }),
      );
    },
    transaction<T>(fn: (tx: SqlClient) => Promise<T>) {
      return db._runExclusiveTransaction(() => runTransaction(db, fn, sync));
    },
    close: () => db.close(),
  };
}

/**
 * One transaction under PGlite's transaction lock, its BEGIN and COMMIT run
 * as prepared statements like any other (runPgliteStatement) rather than
 * through PGlite's `transaction`, whose simple-protocol round trips and
 * message objects cost an MFA grant more than any of its statements. As
 * PostgreSQL's COMMIT of a failed transaction, it throws when a statement
 * failed inside, even if `fn` caught that error.
 */
async function runTransaction<T>(
  db: PGlite,
  fn: (tx: SqlClient) => Promise<T>,
  sync: () => Promise<void> | undefined,
): Promise<T> {
  const run = (sql: string) => db._runExclusiveQuery(() => runPgliteStatement(db, sql, []));
  const state = { closed: false, failed: false };
  await run("BEGIN");
  try {
    const result = await fn(wrapTransaction(db, state));
    state.closed = true;
    if (state.failed) throw new TransactionAbortedError();
    await run("COMMIT");
    await sync();
    return result;
  } catch (error) {
    state.closed = true;
    await run("ROLLBACK");
    throw error;
  }
}

function wrapTransaction(db: PGlite, state: { closed: boolean; failed: boolean }): SqlClient {
  const client: SqlClient = {
    // Inside the transaction's lock already; the file system is synced at its end.
    query<T>(sql: string, params: unknown[] = []) {
      if (state.closed) return Promise.reject(new Error("Transaction is closed"));
      return db
        ._runExclusiveQuery(() => runPgliteStatement<T>(db, sql, params))
        .catch((error: unknown) => {
          state.failed = true;
          throw error;
        });
    },
    // Already inside a transaction: nest by running in the same one.
    transaction: (fn) => fn(client),
  };
  return client;
}
