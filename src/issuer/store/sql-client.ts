/**
 * The tiny SQL surface the issuer needs. Both drivers (embedded PGlite, and
 * PostgreSQL later) implement it; queries use `$1`-style parameters only, so the
 * same text runs on both.
 */
export interface SqlClient {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs `fn` in one transaction; a throw rolls back and is rethrown. When a
   * statement inside failed, even one whose error `fn` caught, nothing is
   * committed: it throws TransactionAbortedError.
   */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
}

/** A store that can be closed (the driver owns a connection or a WASM instance). */
export interface SqlStore extends SqlClient {
  close(): Promise<void>;
}

/**
 * A transaction that a failed statement aborted, refused at its end on both
 * stores (PostgreSQL answers such a COMMIT with ROLLBACK, not an error).
 */
export class TransactionAbortedError extends Error {
  constructor() {
    super("The transaction was rolled back: a statement in it failed");
    this.name = "TransactionAbortedError";
  }
}
