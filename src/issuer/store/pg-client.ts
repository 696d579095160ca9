import type pg from "pg";
import { TransactionAbortedError, type SqlClient, type SqlStore } from "./sql-client.js";

export interface PgStoreOptions {
  /** A libpq connection URL, e.g. "postgres://user:pass@127.0.0.1:5432/stepup". */
  connectionString: string;
  /** Most connections the pool opens (default 10). */
  poolSize?: number;
  /**
   * Named prepared statements (default true): each connection parses and
   * plans a statement once. false for a pooler that cannot carry them
   * (PgBouncer in transaction pooling before 1.21, or without
   * `max_prepared_statements`): every statement is then sent unnamed.
   */
  preparedStatements?: boolean;
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
  const prepared = options.preparedStatements ?? true;
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      if (!prepared) return (await pool.query(sql, params)).rows as T[];
      return queryPrepared<T>(pool, sql, params);
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>) {
      // A transaction lives on one connection: check one out for its length.
      const client = await pool.connect();
      let broken: Error | undefined;
      const statements: { stale?: Error } = {};
      try {
        await client.query("BEGIN");
        const result = await fn(wrapClient(client, statements, prepared));
        // PostgreSQL answers COMMIT of a transaction that a failed statement
        // aborted with ROLLBACK, not an error: code that caught the failure
        // and went on must not be told that its writes are stored.
        const commit = await client.query("COMMIT");
        if (commit.command === "ROLLBACK") throw new TransactionAbortedError();
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
        client.release(broken ?? statements.stale);
      }
    },
    close: () => pool.end(),
  };
}

/**
 * One parameterized statement outside a transaction, as a named prepared statement: each
 * connection parses and plans it once, then only binds and executes it,
 * which halves PostgreSQL's CPU on a refresh grant (inside transactions:
 * wrapClient).
 *
 * A prepared statement outlives the schema it was planned on: when another
 * process's migration (a rolling deploy) changes what it returns, e.g. a
 * column added to a table read with `*`, PostgreSQL refuses to run it
 * ("cached plan must not change result type"). A failed statement did
 * nothing, so it is then run again on a new connection, which prepares it
 * anew; the stale connection is closed rather than pooled.
 */
async function queryPrepared<T>(pool: pg.Pool, sql: string, params: unknown[]): Promise<T[]> {
  // Without parameters: the simple protocol, which also runs several statements (DDL).
  if (params.length === 0) return (await pool.query(sql)).rows as T[];
  const query = { name: statementName(sql), text: sql, values: params };
  for (let attempt = 1; ; attempt += 1) {
    const client = await pool.connect();
    try {
      const result = await client.query(query);
      client.release();
      return result.rows as T[];
    } catch (error) {
      const stale = isStalePlan(error);
      // A stale or failed connection is destroyed; one that answered an ordinary error is reused.
      client.release(stale || !isDatabaseError(error) ? (error as Error) : undefined);
      if (!stale || attempt > 1) throw error;
    }
  }
}

/** The name each SQL text is prepared under (one per text, the same on every connection). */
const statementNames = new Map<string, string>();

function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `stepup_${statementNames.size + 1}`;
    statementNames.set(sql, name);
  }
  return name;
}

/** PostgreSQL's refusal to run a prepared statement whose result type changed (SQLSTATE 0A000). */
function isStalePlan(error: unknown): boolean {
  return (
    isDatabaseError(error) &&
    error.code === "0A000" &&
    /cached plan must not change result type/.test(error.message)
  );
}

/** An error PostgreSQL answered (node-postgres's DatabaseError: it has a severity), not a broken connection. */
function isDatabaseError(error: unknown): error is pg.DatabaseError {
  return (
    error instanceof Error &&
    "severity" in error &&
    "code" in error &&
    typeof error.code === "string"
  );
}

/**
 * A transaction's statements. Those with parameters whose result columns
 * are named run as prepared statements too: adding a column cannot change
 * what they return, so a rolling deploy's migration does not make them
 * stale. Those reading `*` (a row as the table has it now) stay unnamed, as
 * a failed statement cannot be run again inside the transaction it aborted.
 * A statement stale all the same (a returned column's type changed) fails
 * its transaction once, and its connection is closed (`state.stale`).
 */
function wrapClient(client: pg.PoolClient, state: { stale?: Error }, prepared: boolean): SqlClient {
  const tx: SqlClient = {
    async query<T>(sql: string, params: unknown[] = []) {
      const named = prepared && params.length > 0 && !READS_STAR.test(sql);
      try {
        const result = named
          ? await client.query({ name: statementName(sql), text: sql, values: params })
          : await client.query(sql, params);
        return result.rows as T[];
      } catch (error) {
        if (isStalePlan(error)) state.stale = error as Error;
        throw error;
      }
    },
    // Already inside a transaction: nest by running in the same one (as PGlite's wrapper does).
    transaction: (fn) => fn(tx),
  };
  return tx;
}

/** A `*` after a space or a dot: `SELECT *`, `f.*`, `RETURNING *` (not count(*)). */
const READS_STAR = /[\s.]\*/;
