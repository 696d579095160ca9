import type { SqlClient } from "../../src/issuer/store/sql-client.js";

/**
 * A write journal over every table of the issuer's store, for the fuzz's
 * "a rejected request changes nothing" invariant.
 *
 * Why a journal and not a checksum of every table before and after each
 * request: the checksum costs a scan of the whole store twice per request
 * (and the store grows as the fuzz runs), where the journal costs one
 * `DELETE … RETURNING` of the few rows the request wrote. It is also
 * stricter: it sees every row written by a committed statement, with the
 * table, the operation and the columns that changed, so a rejection that
 * writes and later restores a value is still caught, and the failure report
 * names the row instead of "the checksum differs". Statements rolled back
 * with their transaction leave no entry (the journal row rolls back with
 * them), which is the store's real state. Row-level triggers, installed by
 * the test after the migrations on every table of the schema (tables a
 * later migration adds are picked up as they come), write it; an UPDATE that
 * changes no column is not a change. TRUNCATE is journalled too.
 *
 * Most requests are refused before any write, and even the journal's query
 * costs a PGlite round trip (a fifth of a millisecond, times ten thousand):
 * so the journal also counts the statements sent through the store that
 * may write (anything but a SELECT, and every transaction), and `drain`
 * reads the journal only after one. Batch-wise with care: `verify` reads
 * it regardless and fails if a write got past the count (the fuzz runs it
 * every VERIFY_EVERY requests and after each target), so a write the count
 * missed can be blamed on a few requests, never passed over.
 */
export interface JournalEntry {
  table: string;
  op: "INSERT" | "UPDATE" | "DELETE" | "TRUNCATE";
  /** For an UPDATE, the columns whose value changed. */
  changed: string[];
  /** The row after the write (before it, for a DELETE). */
  row: Record<string, unknown> | null;
}

export interface StoreJournal {
  /** Every write since the last drain, oldest first. */
  drain(): Promise<JournalEntry[]>;
  /** Throws if the journal holds writes that `drain` skipped (sent past the store's methods). */
  verify(): Promise<void>;
  /** The tables being watched. */
  readonly tables: string[];
  /** Drops the triggers, the function and the journal. */
  uninstall(): Promise<void>;
}

const SCHEMA = "fuzz_journal";

export async function installStoreJournal(db: SqlClient): Promise<StoreJournal> {
  await db.query(`CREATE SCHEMA ${SCHEMA}`);
  await db.query(
    `CREATE TABLE ${SCHEMA}.entries (
       seq bigserial PRIMARY KEY, tbl text NOT NULL, op text NOT NULL,
       changed text[] NOT NULL, row_data jsonb)`,
  );
  await db.query(`
CREATE FUNCTION ${SCHEMA}.write_row() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  cols text[] := '{}';
BEGIN
  IF TG_OP = 'UPDATE' THEN
    SELECT coalesce(array_agg(n.key ORDER BY n.key), '{}') INTO cols
      FROM jsonb_each(to_jsonb(NEW)) n JOIN jsonb_each(to_jsonb(OLD)) o USING (key)
     WHERE n.value IS DISTINCT FROM o.value;
    IF cardinality(cols) = 0 THEN RETURN NULL; END IF;
  END IF;
  INSERT INTO ${SCHEMA}.entries (tbl, op, changed, row_data)
  VALUES (TG_TABLE_NAME, TG_OP, cols,
          CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END);
  RETURN NULL;
END
$fn$`);
  await db.query(`
CREATE FUNCTION ${SCHEMA}.write_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO ${SCHEMA}.entries (tbl, op, changed, row_data) VALUES (TG_TABLE_NAME, TG_OP, '{}', NULL);
  RETURN NULL;
END
$fn$`);
  const tables = (
    await db.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables
        WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY tablename`,
    )
  ).map((row) => row.name);
  for (const table of tables) {
    await db.query(
      `CREATE TRIGGER fuzz_journal_row AFTER INSERT OR UPDATE OR DELETE ON public."${table}"
         FOR EACH ROW EXECUTE FUNCTION ${SCHEMA}.write_row()`,
    );
    await db.query(
      `CREATE TRIGGER fuzz_journal_truncate AFTER TRUNCATE ON public."${table}"
         FOR EACH STATEMENT EXECUTE FUNCTION ${SCHEMA}.write_truncate()`,
    );
  }
  // Count what may write (see above); the fuzz and the issuer share this store object.
  const { query, transaction } = db;
  let mayHaveWritten = true;
  db.query = ((sql: string, params?: unknown[]) => {
    if (!/^\s*select\b/i.test(sql)) mayHaveWritten = true;
    return query.call(db, sql, params);
  }) as SqlClient["query"];
  db.transaction = ((fn: Parameters<SqlClient["transaction"]>[0]) => {
    mayHaveWritten = true;
    return transaction.call(db, fn);
  }) as SqlClient["transaction"];
  let lastSeq = 0;
  const read = async () => {
    const rows = await query.call(
      db,
      `SELECT seq, tbl, op, changed, row_data FROM ${SCHEMA}.entries WHERE seq > $1 ORDER BY seq`,
      [lastSeq],
    );
    const entries = rows as Array<{
      seq: number | string;
      tbl: string;
      op: JournalEntry["op"];
      changed: string[];
      row_data: Record<string, unknown> | null;
    }>;
    if (entries.length > 0) lastSeq = Number(entries[entries.length - 1]!.seq);
    return entries.map((row) => ({
      table: row.tbl,
      op: row.op,
      changed: row.changed,
      row: row.row_data,
    }));
  };
  return {
    tables,
    async drain() {
      if (!mayHaveWritten) return [];
      mayHaveWritten = false;
      return read();
    },
    async verify() {
      const missed = await read();
      if (missed.length > 0) {
        throw new Error(
          `writes bypassed the store's counted methods: ${JSON.stringify(missed).slice(0, 1000)}`,
        );
      }
    },
    async uninstall() {
      db.query = query;
      db.transaction = transaction;
      // CASCADE takes the triggers with the functions they call.
      await db.query(`DROP SCHEMA ${SCHEMA} CASCADE`);
    },
  };
}
