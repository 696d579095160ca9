import type pg from "pg";
import type { SqlClient, SqlStore } from "./sql-client.js";

export interface PgStoreOptions {
  /** A libpq connection URL, e.g. "postgres://user:pass@127.0.0.1:5432/stepup". */
  connectionString: string;
  /** Most connections the pool opens (default 10). */
  poolSize?: number;
}

const INT8_OID = 20;

/**
 * PGlite returns int8 as a number when it fits and as a bigint otherwise;
 * node-postgres returns a string. Our int8 columns are epoch milliseconds and
 * counts, so the same JS types come back from both drivers. A per-pool parser
 * leaves pg's process-wide defaults alone for other users of the module.
 */
const typesOf = (driver: typeof pg) =>
  ({
    getTypeParser(oid: number, format?: "text" | "binary") {
      if (oid === INT8_OID && format !== "binary") return parseInt8;
      return format === "binary"
        ? driver.types.getTypeParser(oid, "binary")
        : driver.types.getTypeParser(oid, "text");
    },
  }) as pg.CustomTypesConfig;

function parseInt8(value: string): number | bigint {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : BigInt(value);
}

/**
 * Opens a PostgreSQL store over a `pg.Pool`. Fails fast (rejects) when the
 * server cannot be reached, so a misconfigured issuer never starts half-alive.
 */
export async function openPgStore(options: PgStoreOptions): Promise<SqlStore> {
  // Loaded here, not with the issuer: an issuer on PGlite (the default) never needs it.
  const { default: driver } = await import("pg");
  const pool = new driver.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    types: typesOf(driver),
  });
  // An idle client losing its connection emits on the pool; unhandled it would
  // crash the process. The next checkout reconnects.
  pool.on("error", () => undefined);
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await pool.query(sql, params);
      return result.rows as T[];
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>) {
      // A transaction lives on one connection: check one out for its length.
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const result = await fn(wrapClient(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        try {
          await client.query("ROLLBACK");
        } catch (rollbackError) {
          // The connection is unusable: release destroys it rather than pooling it.
          broken = rollbackError as Error;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

function wrapClient(client: pg.PoolClient): SqlClient {
  const tx: SqlClient = {
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await client.query(sql, params);
      return result.rows as T[];
    },
    // Already inside a transaction: nest by running in the same one (as PGlite's wrapper does).
    transaction: (fn) => fn(tx),
  };
  return tx;
}
