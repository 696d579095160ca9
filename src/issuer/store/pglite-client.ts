import { PGlite, type Transaction } from "@electric-sql/pglite";
import type { SqlClient, SqlStore } from "./sql-client.js";

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
  const db =
    dataDir && dataDir !== ":memory:"
      ? await PGlite.create({ dataDir })
      : await PGlite.create({ postgresqlconf: IN_MEMORY_PGLITE_CONF });
  return wrapPglite(db);
}

/** The SqlStore interface over an open PGlite; closing the store closes it. */
export function wrapPglite(db: PGlite): SqlStore {
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await db.query<T>(sql, params);
      return result.rows;
    },
    transaction<T>(fn: (tx: SqlClient) => Promise<T>) {
      return db.transaction((tx) => fn(wrapTransaction(tx)));
    },
    close: () => db.close(),
  };
}

function wrapTransaction(tx: Transaction): SqlClient {
  const client: SqlClient = {
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await tx.query<T>(sql, params);
      return result.rows;
    },
    // Already inside a transaction: nest by running in the same one.
    transaction: (fn) => fn(client),
  };
  return client;
}
