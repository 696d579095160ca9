import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import {
  postgresBinForTests,
  runTestPostgres,
  type TestPostgres,
} from "../../../testing/test-postgres.js";
import { openPooledStore } from "../../../testing/store-pool.js";
import { migrate } from "../../store/migrations.js";
import { insertOobAuthenticator } from "./store.js";
import { consumeOobCode, insertOobCode } from "./code-store.js";
import { releaseSend, reserveSend } from "./send-store.js";
import { insertOutboxMessage, listOutboxMessages } from "../../store/outbox.js";
import { openPgStore } from "../../store/pg-client.js";
import type { SqlStore } from "../../store/sql-client.js";
import { insertUserIfAbsent } from "../../store/users.js";

// The email/SMS queries on both drivers; on PostgreSQL the racing calls go
// through separate pools, as two issuer processes would.
let postgres: Promise<TestPostgres> | undefined;
const bin = postgresBinForTests();
const drivers: Array<[string, (count: number) => Promise<SqlStore[]>]> = [
  [
    "pglite",
    async (count) => {
      // Migrated already (the test image); store.test.ts covers migrating a fresh database.
      const store = await openPooledStore();
      return Array.from({ length: count }, () => store);
    },
  ],
];
if (bin) {
  drivers.push([
    "postgres",
    async (count) => {
      postgres ??= runTestPostgres(bin);
      const url = await (await postgres).createDatabase();
      return Promise.all(
        Array.from({ length: count }, () => openPgStore({ connectionString: url })),
      );
    },
  ]);
}
afterAll(async () => (await postgres)?.stop());

const id = () => randomBytes(8).toString("hex");
const N = 6;
const POLICY = { cooldownMs: 30_000, maxPerWindow: 3, windowMs: 3_600_000 };

describe.each(drivers)("email/SMS store on %s", (_name, open) => {
  let stores: SqlStore[];
  let db: SqlStore;
  beforeAll(async () => {
    stores = await open(N);
    db = stores[0]!;
    await migrate(db, 0);
  }, 120_000);
  afterAll(async () => {
    for (const store of new Set(stores)) await store.close();
  });

  async function seedCode(expiresAt: number) {
    const userId = id();
    const authenticatorId = id();
    await insertUserIfAbsent(db, {
      id: userId,
      email: `${userId}@example.com`,
      name: null,
      password_hash: "x",
      created_at: 1,
    });
    await insertOobAuthenticator(db, {
      id: authenticatorId,
      user_id: userId,
      channel: "email",
      destination_sealed: "sealed",
      created_at: 1,
    });
    const codeHash = id();
    await insertOobCode(db, {
      code_hash: codeHash,
      authenticator_id: authenticatorId,
      user_id: userId,
      mfa_token_hash: id(),
      binding_hash: "right",
      created_at: 1,
      expires_at: expiresAt,
    });
    return codeHash;
  }

  it("spends a code once under concurrent grants; never a wrong or expired one", async () => {
    const codeHash = await seedCode(1_000);
    expect(await consumeOobCode(db, codeHash, "wrong", 10)).toBe(false);
    const wins = await Promise.all(
      stores.map((store) => consumeOobCode(store, codeHash, "right", 10)),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    const expired = await seedCode(1_000);
    expect(await consumeOobCode(db, expired, "right", 1_000)).toBe(false);
  });

  it("lets one of several racing sends through the cooldown", async () => {
    const key = `k-${id()}`;
    const results = await Promise.all(
      stores.map((store) => reserveSend(store, key, id(), POLICY, 1_000)),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    for (const result of results.filter((r) => !r.ok)) {
      expect(result).toEqual({ ok: false, retryAfter: 30 });
    }
  });

  it("enforces the cooldown and the window cap; a released send does not count", async () => {
    const key = `k-${id()}`;
    let now = 0;
    const reserve = () => reserveSend(db, key, id(), POLICY, now);
    const first = await reserve();
    expect(first.ok).toBe(true);
    now += 10_000;
    expect(await reserve()).toEqual({ ok: false, retryAfter: 20 });
    now += 20_000;
    const second = await reserve();
    expect(second.ok).toBe(true);
    if (second.ok) await releaseSend(db, second.id); // delivery failed: given back
    expect((await reserve()).ok).toBe(true); // no cooldown from the released one
    now += 30_000;
    expect((await reserve()).ok).toBe(true); // third in the window
    now += 30_000;
    // Cap of 3 reached: wait until the first send (t=0) leaves the hour.
    expect(await reserve()).toEqual({ ok: false, retryAfter: 3_600 - 90 });
    now = 3_600_000;
    expect((await reserve()).ok).toBe(true);
  });

  it("lists the outbox newest first, filtered", async () => {
    const to = `${id()}@example.com`;
    for (const [n, at] of [
      [1, 5],
      [2, 7],
      [3, 7],
    ] as const) {
      await insertOutboxMessage(db, {
        id: id(),
        channel: "email",
        recipient: to,
        subject: null,
        body: `message ${n}`,
        created_at: at,
      });
    }
    const rows = await listOutboxMessages(db, { recipient: to });
    expect(rows.map((row) => row.body)).toEqual(["message 3", "message 2", "message 1"]);
    expect(rows[0]!.created_at).toBe(7);
    expect(await listOutboxMessages(db, { recipient: to, channel: "sms" })).toEqual([]);
  });
});
