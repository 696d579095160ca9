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
    spendBucketToken("VALUES ($1, $2::float8 - 1, $3)"),
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

/**
 * The upsert that refills bucket $1 (capacity $2, at $3, $4 ms a token) and
 * spends one token in the same statement, only when a whole one is there;
 * RETURNING the tokens left. `rows` is the row a new bucket starts as.
 */
function spendBucketToken(rows: string): string {
  return `INSERT INTO attempt_buckets (key, tokens, updated_at) ${rows}
     ON CONFLICT (key) DO UPDATE
       SET tokens = LEAST($2::float8, attempt_buckets.tokens + ($3 - attempt_buckets.updated_at) / $4::float8) - 1,
           updated_at = $3
       WHERE LEAST($2::float8, attempt_buckets.tokens + ($3 - attempt_buckets.updated_at) / $4::float8) >= 1
     RETURNING tokens`;
}

/** What reserveTokenAnswerAndBucket reserved: nothing, or the token's answer and maybe the bucket's token. */
export type AnswerReservation = { token: false } | { token: true; bucket: BucketReservation };

/**
 * Reserves an answer on an mfa_token (mfa-tokens.ts reserveMfaTokenAnswer's
 * condition: unconsumed, unexpired, fewer than `maxAnswers` reserved or
 * wrong) and then a token of the bucket `key`, in one statement: both
 * BEFORE the answer is checked, each atomic as on its own, the bucket only
 * touched when the mfa_token's answer was reserved. When the bucket has no
 * token the mfa_token's reservation stands: the caller gives it back
 * (refundMfaTokenAnswer).
 */
export async function reserveTokenAnswerAndBucket(
  db: SqlClient,
  answer: { tokenHash: string; maxAnswers: number },
  key: string,
  policy: BucketPolicy,
  now: number,
): Promise<AnswerReservation> {
  const rows = await db.query<{ answers: number; tokens: number | null }>(
    `WITH answer AS (
       UPDATE mfa_tokens SET failed_attempts = failed_attempts + 1
       WHERE token_hash = $5 AND consumed_at IS NULL AND expires_at > $3 AND failed_attempts < $6
       RETURNING token_hash
     ), bucket AS (
       ${spendBucketToken("SELECT $1::text, $2::float8 - 1, $3::bigint FROM answer")}
     )
     SELECT (SELECT count(*) FROM answer)::int AS answers, (SELECT tokens FROM bucket) AS tokens`,
    [key, policy.capacity, now, policy.refillMs, answer.tokenHash, answer.maxAnswers],
  );
  const row = rows[0];
  if (!row || Number(row.answers) === 0) return { token: false };
  if (row.tokens !== null)
    return { token: true, bucket: { ok: true, remaining: Number(row.tokens) } };
  return {
    token: true,
    bucket: { ok: false, wait: await bucketWaitSeconds(db, key, policy, now) },
  };
}
