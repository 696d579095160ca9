import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { PGlite } from "@electric-sql/pglite";
import { wrapPglite } from "./pglite-client.js";
import { loadStoreImage } from "../../testing/store-image.js";
import type { SqlStore } from "./sql-client.js";
import {
  forgetPreparedStatements,
  runPgliteStatement,
  toParameterText,
} from "./pglite-statement.js";

// One database for the file, booted from the run's store image (a second,
// not an initdb's several); each describe works in its own table.
let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create({ loadDataDir: await loadStoreImage() });
});
afterAll(() => db.close());

describe("toParameterText (node-postgres's serialization)", () => {
  it.each<[unknown, string | null]>([
    [null, null],
    [undefined, null],
    ["a'b", "a'b"],
    [42, "42"],
    [true, "true"],
    [{ a: [1] }, '{"a":[1]}'],
    [["a", 'b"c', "d\\e", null], '{"a","b\\"c","d\\\\e",NULL}'],
    [[[1, 2], [3]], '{{"1","2"},{"3"}}'],
    [new Uint8Array([0, 255]), "\\x00ff"],
  ])("%p → %p", (value, text) => {
    expect(toParameterText(value)).toBe(text);
  });
});

describe("runPgliteStatement", () => {
  beforeAll(async () => {
    await db.exec("CREATE TABLE t (id int8 PRIMARY KEY, tags text[], doc jsonb, raw bytea)");
  });

  it("round-trips every parameter kind and parses results as PGlite's query does", async () => {
    const insert = "INSERT INTO t VALUES ($1, $2, $3, $4) RETURNING *";
    const rows = await runPgliteStatement(db, insert, [
      1,
      ["x", 'y"z', null],
      JSON.stringify({ k: "v" }),
      new Uint8Array([1, 2]),
    ]);
    const reference = await db.query("SELECT * FROM t WHERE id = $1", [1]);
    expect(rows).toEqual(reference.rows);
    expect(rows[0]).toMatchObject({ id: 1, tags: ["x", 'y"z', null], doc: { k: "v" } });
  });

  it("reuses a parsed statement, and parses again after the statements were discarded", async () => {
    const select = "SELECT count(*)::int AS n FROM t WHERE id >= $1";
    expect(await runPgliteStatement(db, select, [0])).toEqual([{ n: 1 }]);
    expect(await runPgliteStatement(db, select, [2])).toEqual([{ n: 0 }]);
    await db.exec("DISCARD ALL");
    forgetPreparedStatements(db);
    expect(await runPgliteStatement(db, select, [0])).toEqual([{ n: 1 }]);
  });

  it("recovers from a first run that fails after its parse (its name is never reused)", async () => {
    const sql = "SELECT $1::int AS n";
    await expect(runPgliteStatement(db, sql, ["not a number"])).rejects.toMatchObject({
      code: "22P02",
    });
    expect(await runPgliteStatement(db, sql, [7])).toEqual([{ n: 7 }]);
    await expect(runPgliteStatement(db, "SELEC nonsense", [])).rejects.toMatchObject({
      code: "42601",
    });
    expect(await runPgliteStatement(db, sql, [8])).toEqual([{ n: 8 }]);
  });

  it("reads NULLs, empty results and an error's fields from the raw answer", async () => {
    expect(await runPgliteStatement(db, "SELECT $1::text AS a, NULL::int AS b", ["x"])).toEqual([
      { a: "x", b: null },
    ]);
    expect(await runPgliteStatement(db, "SELECT id FROM t WHERE id = $1", [404])).toEqual([]);
    await expect(
      runPgliteStatement(db, "INSERT INTO t (id) VALUES ($1)", [1]),
    ).rejects.toMatchObject({ code: "23505", constraint: "t_pkey", table: "t", severity: "ERROR" });
  });
});

describe("wrapPglite transactions", () => {
  let store: SqlStore;
  beforeAll(async () => {
    store = wrapPglite(db);
    await store.query("CREATE TABLE u (id int PRIMARY KEY)");
  });

  const ids = async () =>
    (await store.query<{ id: number }>("SELECT id FROM u ORDER BY id")).map((r) => r.id);

  it("commits, and rolls back on a throw", async () => {
    await store.transaction((tx) => tx.query("INSERT INTO u (id) VALUES ($1)", [1]));
    await expect(
      store.transaction(async (tx) => {
        await tx.query("INSERT INTO u (id) VALUES ($1)", [2]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await ids()).toEqual([1]);
  });
});
