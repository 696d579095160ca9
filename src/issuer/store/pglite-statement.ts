import { protocol, type PGlite } from "@electric-sql/pglite";
import { readStatementRows } from "./pglite-results.js";

/**
 * Runs one parameterized statement on PGlite in a single call into the
 * database, as a named prepared statement. PGlite's own `query` makes six
 * calls (parse, describe the statement, bind, describe the portal, execute,
 * sync) and parses and plans the SQL every time; here a statement is parsed
 * once per database and then only bound and executed, in one message: a
 * refresh grant's two statements cost 0.7 ms instead of 1.9 ms. Parameters go as untyped text, exactly as node-postgres sends them
 * to PostgreSQL (pg-client.ts), so every statement reads the same on both
 * stores; the raw answer is read by readStatementRows (pglite-results.ts),
 * values by PGlite's own type parsers. The caller holds
 * PGlite's locks (pglite-client.ts).
 */
export async function runPgliteStatement<T>(
  db: PGlite,
  sql: string,
  params: readonly unknown[],
): Promise<T[]> {
  const names = prepared.get(db) ?? new Map<string, string>();
  prepared.set(db, names);
  let name = names.get(sql);
  const parseFirst = name === undefined;
  // A name is never reused: a first run that fails after its parse may leave it taken.
  name ??= `stepup_${(nextName += 1)}`;
  const message = concatBytes([
    ...(parseFirst ? [protocol.serialize.parse({ name, text: sql })] : []),
    protocol.serialize.bind({ statement: name, values: params.map(toParameterText) }),
    (runTail ??= concatBytes([
      protocol.serialize.describe({ type: "P" }),
      protocol.serialize.execute({}),
      protocol.serialize.sync(),
    ])),
  ]);
  // The answer arrives in chunks that are views of WASM memory: copied as they come.
  const chunks: Uint8Array[] = [];
  await db.execProtocolRawStream(message, {
    syncToFs: false,
    onRawData: (chunk) => chunks.push(chunk.slice()),
  });
  const rows = readStatementRows<T>(db, chunks.length === 1 ? chunks[0]! : concatBytes(chunks));
  if (parseFirst) names.set(sql, name);
  return rows;
}

/** Describe, execute and sync the unnamed portal: the same bytes after every bind. */
let runTail: Uint8Array | undefined;

/**
 * Statements already parsed on each database, by SQL text: later runs skip
 * parsing and planning (PostgreSQL re-plans them itself when a table they
 * read changes). Named statements outlive transactions; only `DISCARD ALL`
 * drops them, after which forgetPreparedStatements must be called.
 */
const prepared = new WeakMap<PGlite, Map<string, string>>();
let nextName = 0;

/** After `DISCARD ALL` on `db` (the test store pool's reset): parse every statement again. */
export function forgetPreparedStatements(db: PGlite): void {
  prepared.delete(db);
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A parameter as node-postgres serializes it (its `prepareValue`): text, or null. */
export function toParameterText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString("hex")}`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** A PostgreSQL array literal: `{"a","b\"c",NULL,{"nested"}}`. */
function arrayLiteral(values: readonly unknown[]): string {
  const items = values.map((value) => {
    if (value === null || value === undefined) return "NULL";
    if (Array.isArray(value)) return arrayLiteral(value);
    const text = toParameterText(value)!;
    return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(",")}}`;
}
