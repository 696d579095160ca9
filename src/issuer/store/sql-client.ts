/**
 * The tiny SQL surface the issuer needs. Both drivers (embedded PGlite, and
 * PostgreSQL later) implement it; queries use `$1`-style parameters only, so the
 * same text runs on both.
 */
export interface SqlClient {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction; a throw rolls back and is rethrown. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
}

/** A store that can be closed (the driver owns a connection or a WASM instance). */
export interface SqlStore extends SqlClient {
  close(): Promise<void>;
}
