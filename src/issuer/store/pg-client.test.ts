import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  postgresBinForTests,
  runTestPostgres,
  type TestPostgres,
} from "../../testing/test-postgres.js";
import { openPgStore } from "./pg-client.js";
import type { SqlStore } from "./sql-client.js";

// Named prepared statements on PostgreSQL (pg-client.ts): a statement
// prepared before another process changed the table it returns is run again
// on a new connection, as a rolling deploy's migration would make it.
const bin = postgresBinForTests();
const describePostgres = bin ? describe : describe.skip;

describePostgres("PostgreSQL store's prepared statements", () => {
  let server: TestPostgres;
  let url: string;
  const stores: SqlStore[] = [];
  const open = async (poolSize: number, preparedStatements?: boolean) => {
    const store = await openPgStore({
      connectionString: url,
      poolSize,
      ...(preparedStatements !== undefined ? { preparedStatements } : {}),
    });
    stores.push(store);
    return store;
  };
  beforeAll(async () => {
    server = await runTestPostgres(bin);
    url = await server.createDatabase();
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await server?.stop();
  });

  it.each([
    [true, 2],
    [false, 0],
  ])(
    "with preparedStatements %s, prepares %i statements on the connection (PgBouncer in transaction pooling needs none)",
    async (preparedStatements, expected) => {
      const store = await open(1, preparedStatements);
      const table = `gauges_${preparedStatements}`;
      await store.query(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
      await store.query(`INSERT INTO ${table} (id) VALUES ($1)`, [1]);
      await store.transaction((tx) => tx.query(`SELECT id FROM ${table} WHERE id = $1`, [1]));
      // One connection: the view shows that session's prepared statements.
      const [row] = await store.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE $1",
        ["stepup_%"],
      );
      // The count query itself is prepared when statements are (it has a parameter).
      expect(row!.n).toBe(expected === 0 ? 0 : expected + 1);
    },
  );

  it("answers a statement whose result type another connection's DDL changed", async () => {
    const [app, deploy] = [await open(1), await open(1)];
    await deploy.query("CREATE TABLE widgets (id int PRIMARY KEY)");
    await deploy.query("INSERT INTO widgets (id) VALUES ($1)", [1]);
    const read = () => app.query("SELECT * FROM widgets WHERE id = $1", [1]);
    expect(await read()).toEqual([{ id: 1 }]);
    await deploy.query("ALTER TABLE widgets ADD COLUMN name text DEFAULT 'w'");
    expect(await read()).toEqual([{ id: 1, name: "w" }]);
    expect(await read()).toEqual([{ id: 1, name: "w" }]);
  });

  it("runs transactions' statements across a deploy's DDL, and heals a stale one's connection", async () => {
    const [app, deploy] = [await open(1), await open(1)];
    await deploy.query("CREATE TABLE parts (id int PRIMARY KEY, size int)");
    await deploy.query("INSERT INTO parts (id, size) VALUES ($1, $2)", [1, 5]);
    const read = () =>
      app.transaction(async (tx) => [
        ...(await tx.query("SELECT id, size FROM parts WHERE id = $1", [1])),
        ...(await tx.query("SELECT * FROM parts WHERE id = $1", [1])),
      ]);
    expect(await read()).toEqual([
      { id: 1, size: 5 },
      { id: 1, size: 5 },
    ]);
    // Named columns are not stale after a column is added; `*` reads the new row.
    await deploy.query("ALTER TABLE parts ADD COLUMN name text DEFAULT 'p'");
    expect(await read()).toEqual([
      { id: 1, size: 5 },
      { id: 1, size: 5, name: "p" },
    ]);
    // A returned column's new type fails the transaction once; its connection is replaced.
    await deploy.query("ALTER TABLE parts ALTER COLUMN size TYPE text");
    await expect(read()).rejects.toMatchObject({ code: "0A000" });
    expect(await read()).toEqual([
      { id: 1, size: "5" },
      { id: 1, size: "5", name: "p" },
    ]);
  });

  it("keeps its connection after an ordinary error and reports the error's code", async () => {
    const store = await open(1);
    await store.query("CREATE TABLE gadgets (id int PRIMARY KEY)");
    const insert = () => store.query("INSERT INTO gadgets (id) VALUES ($1)", [7]);
    await insert();
    await expect(insert()).rejects.toMatchObject({ code: "23505" });
    expect(await store.query("SELECT id FROM gadgets WHERE id = $1", [7])).toEqual([{ id: 7 }]);
  });
});
