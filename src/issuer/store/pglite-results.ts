import { messages, types, type PGlite } from "@electric-sql/pglite";

/**
 * Reads the rows of one extended-protocol exchange (parse?, bind, describe,
 * execute, sync) from PGlite's raw answer bytes. PGlite's own path parses
 * every backend message into an object first (a copy of each field, of each
 * column name), which cost a refresh grant more than the statements' run in
 * WASM; this reads only what the issuer uses: the row description, the data
 * rows, and an error. Values go through PGlite's own type parsers, so rows
 * are exactly what `parse.parseResults` makes of the same bytes.
 * @throws messages.DatabaseError the statement's error, with its fields (code, detail, …)
 */
export function readStatementRows<T>(db: PGlite, bytes: Uint8Array): T[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let names: string[] = [];
  let typeIds: number[] = [];
  const rows: T[] = [];
  for (let at = 0; at + 5 <= bytes.length;) {
    const code = bytes[at]!;
    const end = at + 1 + view.getInt32(at + 1);
    let offset = at + 5;
    if (code === ROW_DESCRIPTION) {
      const count = view.getInt16(offset);
      offset += 2;
      names = new Array<string>(count);
      typeIds = new Array<number>(count);
      for (let i = 0; i < count; i += 1) {
        const nul = bytes.indexOf(0, offset);
        names[i] = decoder.decode(bytes.subarray(offset, nul));
        // table oid (4), column number (2), then the type oid.
        typeIds[i] = view.getInt32(nul + 7);
        offset = nul + 19;
      }
    } else if (code === DATA_ROW) {
      const count = view.getInt16(offset);
      offset += 2;
      const row: Record<string, unknown> = {};
      for (let i = 0; i < count; i += 1) {
        const length = view.getInt32(offset);
        offset += 4;
        if (length < 0) {
          row[names[i]!] = null;
          continue;
        }
        const text = decoder.decode(bytes.subarray(offset, offset + length));
        offset += length;
        row[names[i]!] = types.parseType(text, typeIds[i]!, db.parsers);
      }
      rows.push(row as T);
    } else if (code === ERROR_RESPONSE) {
      throw databaseError(bytes, offset, end - at);
    }
    at = end;
  }
  return rows;
}

const ROW_DESCRIPTION = 0x54; // 'T'
const DATA_ROW = 0x44; // 'D'
const ERROR_RESPONSE = 0x45; // 'E'
const decoder = new TextDecoder();

/** ErrorResponse's field codes, named as pg-protocol's DatabaseError names them. */
const ERROR_FIELDS: Record<string, keyof messages.DatabaseError> = {
  S: "severity",
  C: "code",
  D: "detail",
  H: "hint",
  P: "position",
  p: "internalPosition",
  q: "internalQuery",
  W: "where",
  s: "schema",
  t: "table",
  c: "column",
  d: "dataType",
  n: "constraint",
  F: "file",
  L: "line",
  R: "routine",
};

function databaseError(bytes: Uint8Array, from: number, length: number): messages.DatabaseError {
  const fields: Record<string, string> = {};
  for (let offset = from; bytes[offset] !== 0 && offset < bytes.length;) {
    const nul = bytes.indexOf(0, offset + 1);
    fields[String.fromCharCode(bytes[offset]!)] = decoder.decode(bytes.subarray(offset + 1, nul));
    offset = nul + 1;
  }
  const error = new messages.DatabaseError(fields.M ?? "unknown database error", length, "error");
  for (const [code, name] of Object.entries(ERROR_FIELDS)) {
    if (fields[code] !== undefined) Object.assign(error, { [name]: fields[code] });
  }
  return error;
}
