import { openPgStore } from "./pg-client.js";
import { openPgliteStore } from "./pglite-client.js";
import type { SqlStore } from "./sql-client.js";

export interface OpenStoreOptions {
  /** PostgreSQL connection URL; when set, the store is PostgreSQL. */
  databaseUrl?: string;
  /** Most PostgreSQL connections (default 10). */
  databasePoolSize?: number;
  /** PostgreSQL named prepared statements (default true); see PgStoreOptions.preparedStatements. */
  databasePreparedStatements?: boolean;
  /** PGlite folder; omitted or ":memory:" => in memory. Ignored with databaseUrl. */
  dataDir?: string;
}

/** Opens the issuer's store: PostgreSQL when `databaseUrl` is given, embedded PGlite otherwise. */
export function openStore(options: OpenStoreOptions): Promise<SqlStore> {
  if (options.databaseUrl) {
    return openPgStore({
      connectionString: options.databaseUrl,
      ...(options.databasePoolSize !== undefined ? { poolSize: options.databasePoolSize } : {}),
      ...(options.databasePreparedStatements !== undefined
        ? { preparedStatements: options.databasePreparedStatements }
        : {}),
    });
  }
  return openPgliteStore(options.dataDir);
}
