import { describe, expect, it, jest } from "@jest/globals";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { openPooledStore } from "./store-pool.js";

/** The worker's pool of PGlite databases (test/pglite-environment.mjs). */
interface WorkerPool {
  take(): PGlite | undefined;
  give(db: PGlite): void;
  create(options: PGliteOptions): Promise<PGlite>;
}

const userRow = (id: string) => [id, `${id}@example.com`, "scrypt$x", 1];
const INSERT_OUTBOX =
  "INSERT INTO outbox (id, channel, recipient, body, created_at) VALUES ('m1', 'email', 'a@example.com', 'hi', 1)";
const INSERT_USER =
  "INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, $3, $4)";

describe("pooled test stores", () => {
  it("give the next issuer a database like new: rows gone, identities restarted", async () => {
    const first = await openPooledStore();
    await first.query(INSERT_USER, userRow("a"));
    await first.query(INSERT_OUTBOX);
    const [{ seq } = { seq: 0 }] = await first.query<{ seq: number }>(
      "SELECT seq::int AS seq FROM outbox",
    );
    await first.close();

    const second = await openPooledStore();
    try {
      expect(await second.query("SELECT * FROM users")).toEqual([]);
      expect(await second.query("SELECT * FROM outbox")).toEqual([]);
      await second.query(INSERT_USER, userRow("a"));
      await second.query(INSERT_OUTBOX);
      const [again] = await second.query<{ seq: number }>("SELECT seq::int AS seq FROM outbox");
      expect(again?.seq).toBe(seq);
    } finally {
      await second.close();
    }
  });

  it("give the next issuer a fresh session: no setting, lock or temporary table survives", async () => {
    const first = await openPooledStore();
    await first.query("SELECT set_config('stepup.marker', 'left-over', false)");
    await first.query("CREATE TEMPORARY TABLE scratch (id int)");
    await first.close();
    const second = await openPooledStore();
    try {
      const [row] = await second.query<{ marker: string | null }>(
        "SELECT current_setting('stepup.marker', true) AS marker",
      );
      expect(row?.marker || null).toBeNull();
      await expect(second.query("SELECT * FROM scratch")).rejects.toThrow();
    } finally {
      await second.close();
    }
  });

  it("refuses queries once closed, as a closed database would", async () => {
    const store = await openPooledStore();
    await store.close();
    await expect(store.query("SELECT 1")).rejects.toThrow();
    await expect(store.transaction(async () => 1)).rejects.toThrow();
    await store.close(); // twice is fine
  });

  it("lets queries in flight finish before the reset, so none writes into the next test", async () => {
    const store = await openPooledStore();
    const writing = store.transaction(async (tx) => {
      await tx.query(INSERT_USER, userRow("late"));
      return "written";
    });
    await store.close();
    await expect(writing).resolves.toBe("written");
    const next = await openPooledStore();
    try {
      expect(await next.query("SELECT * FROM users")).toEqual([]);
    } finally {
      await next.close();
    }
  });

  it("never reuses a database whose schema a test changed", async () => {
    const store = await openPooledStore();
    await store.query("ALTER TABLE users ADD COLUMN nickname text");
    await store.query("CREATE TABLE extra (id int)");
    await store.close();
    const constrained = await openPooledStore();
    await constrained.query(
      "ALTER TABLE outbox ADD CONSTRAINT short_body CHECK (length(body) < 10)",
    );
    await constrained.close();
    const next = await openPooledStore();
    try {
      const columns = await next.query<{ name: string }>(
        "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'users'",
      );
      expect(columns.map((c) => c.name)).not.toContain("nickname");
      await expect(next.query("SELECT * FROM extra")).rejects.toThrow();
      await next.query(
        "INSERT INTO outbox (id, channel, recipient, body, created_at) VALUES ('m', 'email', 'a', 'a long body', 1)",
      );
    } finally {
      await next.close();
    }
  });

  it("pass a database on to the worker's next file, which reuses it and passes it on again", async () => {
    // A worker's pool (test/pglite-environment.mjs) seen by two files: each
    // file loads store-pool.ts afresh, and the second one starts with the
    // first one's database, so it never reads the image's baseline itself.
    const key = "__nextStepupWorkerPglite";
    const global = globalThis as Record<string, unknown>;
    const saved = global[key] as WorkerPool | undefined;
    const idle: PGlite[] = [];
    const given: PGlite[] = [];
    let created = 0;
    global[key] = {
      take: () => idle.pop(),
      give: (db: PGlite) => void (given.push(db), idle.push(db)),
      // "Created" from Jest's own worker pool when it has one idle: a boot is a second of CPU.
      create: async (options: PGliteOptions) => (
        created++,
        saved?.take() ?? PGlite.create(options)
      ),
    } satisfies WorkerPool;
    const asNewFile = () =>
      jest.isolateModulesAsync(async () => {
        const { openPooledStore: open } = await import("./store-pool.js");
        const store = await open();
        await store.query(INSERT_USER, userRow("a"));
        await store.close();
      });
    try {
      await asNewFile();
      await asNewFile();
      expect(created).toBe(1);
      expect(given).toHaveLength(2);
      expect(given[1]).toBe(given[0]);
    } finally {
      global[key] = saved;
      // Reset by its store's close(): like new, as the worker's pool takes them.
      await Promise.all(idle.map((db) => (saved ? saved.give(db) : db.close())));
    }
  });
});
