import type { SqlClient } from "../../store/sql-client.js";

/** How often codes may be sent under one key (an authenticator, or a user's enrollment). */
export interface SendPolicy {
  /** Milliseconds between two sends. */
  cooldownMs: number;
  /** Most sends within `windowMs` (a sliding window). */
  maxPerWindow: number;
  windowMs: number;
}

export type SendReservation = { ok: true; id: string } | { ok: false; retryAfter: number };

/**
 * Reserves one send under `key`, or says how many seconds to wait. The check
 * and the insert run in one transaction under an advisory lock on the key, so
 * two processes sharing PostgreSQL cannot both pass the cooldown. A failed
 * delivery gives the reservation back with {@link releaseSend}, so it neither
 * starts a cooldown nor counts toward the window.
 */
export async function reserveSend(
  db: SqlClient,
  key: string,
  id: string,
  policy: SendPolicy,
  now: number,
): Promise<SendReservation> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [key]);
    await tx.query("DELETE FROM oob_sends WHERE send_key = $1 AND sent_at <= $2", [
      key,
      now - policy.windowMs,
    ]);
    const [stats] = await tx.query<{ sends: number; first: number | null; last: number | null }>(
      `SELECT count(*)::int AS sends, min(sent_at) AS first, max(sent_at) AS last
       FROM oob_sends WHERE send_key = $1`,
      [key],
    );
    let waitMs = 0;
    if (stats && stats.last !== null) waitMs = stats.last + policy.cooldownMs - now;
    if (stats && stats.first !== null && stats.sends >= policy.maxPerWindow) {
      waitMs = Math.max(waitMs, stats.first + policy.windowMs - now);
    }
    if (waitMs > 0) return { ok: false, retryAfter: Math.ceil(waitMs / 1000) };
    await tx.query("INSERT INTO oob_sends (id, send_key, sent_at) VALUES ($1, $2, $3)", [
      id,
      key,
      now,
    ]);
    return { ok: true, id };
  });
}

/** Gives back a reservation whose message could not be delivered. */
export async function releaseSend(db: SqlClient, id: string): Promise<void> {
  await db.query("DELETE FROM oob_sends WHERE id = $1", [id]);
}
