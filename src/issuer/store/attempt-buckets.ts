import type { SqlClient } from "./sql-client.js";

export interface BucketPolicy {
  capacity: number;
  /** Milliseconds to regain one token. */
  refillMs: number;
}

/**
 * Takes one token from the bucket `key` (created full). Returns 0 when taken,
 * or the seconds until one is available. The refill is computed in the same
 * UPDATE that spends, so concurrent processes never overspend.
 */
export async function takeBucketToken(
  db: SqlClient,
  key: string,
  policy: BucketPolicy,
  now: number,
): Promise<number> {
  const reservation = await reserveBucketToken(db, key, policy, now);
  return reservation.ok ? 0 : reservation.wait;
}

/** Seconds until the bucket holds a whole token (0 when it does now). Reads only. */
export async function bucketWaitSeconds(
  db: SqlClient,
  key: string,
  policy: BucketPolicy,
  now: number,
): Promise<number> {
  const rows = await db.query<{ tokens: number; updated_at: number }>(
    "SELECT tokens, updated_at FROM attempt_buckets WHERE key = $1",
    [key],
  );
  const row = rows[0];
  if (!row) return 0;
  const tokens = Math.min(policy.capacity, row.tokens + (now - row.updated_at) / policy.refillMs);
  if (tokens >= 1) return 0;
  // The epsilon absorbs float error (0.333… tokens short must read 10 s, not 11).
  return Math.max(1, Math.ceil(((1 - tokens) * policy.refillMs) / 1000 - 1e-6));
}

/** The outcome of a reservation: the tokens left after it, or the seconds to wait. */
export type BucketReservation = { ok: true; remaining: number } | { ok: false; wait: number };

/**
 * Reserves one token of the bucket `key` BEFORE the attempt it pays for is
 * checked: one `UPDATE … RETURNING` (an upsert) that refills and spends
 * together, so parallel attempts on any number of processes over one
 * PostgreSQL never pass more than the bucket holds. A right answer gives
 * its token back with {@link refundBucketToken}.
 */
export async function reserveBucketToken(
  db: SqlClient,
  key: string,
  policy: BucketPolicy,
  now: number,
): Promise<BucketReservation> {
  const rows = await db.query<{ tokens: number }>(
    `INSERT INTO attempt_buckets (key, tokens, updated_at) VALUES ($1, $2::float8 - 1, $3)
     ON CONFLICT (key) DO UPDATE
       SET tokens = LEAST($2::float8, attempt_buckets.tokens + ($3 - attempt_buckets.updated_at) / $4::float8) - 1,
           updated_at = $3
       WHERE LEAST($2::float8, attempt_buckets.tokens + ($3 - attempt_buckets.updated_at) / $4::float8) >= 1
     RETURNING tokens`,
    [key, policy.capacity, now, policy.refillMs],
  );
  if (rows[0]) return { ok: true, remaining: Number(rows[0].tokens) };
  return { ok: false, wait: await bucketWaitSeconds(db, key, policy, now) };
}

/** Gives back a reserved token (the attempt was right, or never checked), never above capacity. */
export async function refundBucketToken(
  db: SqlClient,
  key: string,
  policy: BucketPolicy,
): Promise<void> {
  await db.query(
    "UPDATE attempt_buckets SET tokens = LEAST($2::float8, tokens + 1) WHERE key = $1",
    [key, policy.capacity],
  );
}
