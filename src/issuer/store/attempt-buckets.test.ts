import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  bucketWaitSeconds,
  refundBucketToken,
  reserveBucketToken,
  takeBucketToken,
} from "./attempt-buckets.js";
import { migrate, MIGRATIONS } from "./migrations.js";
import { openPooledStore } from "../../testing/store-pool.js";
import type { SqlStore } from "./sql-client.js";

// One PGlite store for the file, migrated (from the test image; store.test.ts
// covers migrating a fresh database); each test uses its own bucket key.
let db: SqlStore;
beforeAll(async () => {
  db = await openPooledStore();
  await migrate(db, 0);
});
afterAll(() => db.close());

const policy = { capacity: 3, refillMs: 30_000 };

describe("attempt buckets", () => {
  it("allows `capacity` takes, then answers the wait until one token is back", async () => {
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) await expect(takeBucketToken(db, "a", policy, t0)).resolves.toBe(0);
    await expect(takeBucketToken(db, "a", policy, t0)).resolves.toBe(30);
    await expect(takeBucketToken(db, "a", policy, t0 + 20_000)).resolves.toBe(10);
    await expect(takeBucketToken(db, "a", policy, t0 + 30_000)).resolves.toBe(0);
    await expect(takeBucketToken(db, "a", policy, t0 + 30_000)).resolves.toBe(30);
  });

  it("refills up to capacity only", async () => {
    const t0 = 2_000_000;
    await takeBucketToken(db, "b", policy, t0);
    // A long pause refills to 3, not more.
    for (let i = 0; i < 3; i++)
      await expect(takeBucketToken(db, "b", policy, t0 + 3_600_000)).resolves.toBe(0);
    await expect(takeBucketToken(db, "b", policy, t0 + 3_600_000)).resolves.toBeGreaterThan(0);
  });

  it("reports the wait without spending", async () => {
    await expect(bucketWaitSeconds(db, "unknown", policy, 0)).resolves.toBe(0);
    for (let i = 0; i < 3; i++) await takeBucketToken(db, "c", policy, 0);
    await expect(bucketWaitSeconds(db, "c", policy, 15_000)).resolves.toBe(15);
    await expect(bucketWaitSeconds(db, "c", policy, 15_000)).resolves.toBe(15);
  });

  it("never overspends under concurrent takes", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => takeBucketToken(db, "d", policy, 0)),
    );
    expect(results.filter((wait) => wait === 0)).toHaveLength(3);
  });

  it("reserves before the check and gives a right answer's token back, never above capacity", async () => {
    const first = await reserveBucketToken(db, "e", policy, 0);
    expect(first).toEqual({ ok: true, remaining: 2 });
    await refundBucketToken(db, "e", policy);
    await refundBucketToken(db, "e", policy);
    const reservations = await Promise.all(
      Array.from({ length: 8 }, () => reserveBucketToken(db, "e", policy, 0)),
    );
    expect(reservations.filter((r) => r.ok)).toHaveLength(3);
    expect(reservations.filter((r) => !r.ok)).toContainEqual({ ok: false, wait: 30 });
  });
});

describe("migrations", () => {
  it("are idempotent and recorded", async () => {
    await migrate(db, 1);
    const rows = await db.query<{ version: number }>(
      "SELECT version FROM schema_migrations ORDER BY version",
    );
    expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });
});
