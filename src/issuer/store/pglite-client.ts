import { PGlite, type Transaction } from "@electric-sql/pglite";
import type { SqlClient, SqlStore } from "./sql-client.js";

/**
 * Opens an embedded PGlite database: in memory when `dataDir` is omitted or
 * ":memory:", otherwise persisted in that folder.
 */
export async function openPgliteStore(dataDir?: string): Promise<SqlStore> {
  const db =
    dataDir && dataDir !== ":memory:" ? await PGlite.create({ dataDir }) : await PGlite.create();
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
