import type { SqlClient } from "../../store/sql-client.js";

/** A push device of the development push factor (Auth0 Guardian's stand-in). */
export interface PushAuthenticatorRow {
  id: string;
  user_id: string;
  /** What the outbox and the authenticator list call it. */
  name: string;
  created_at: number;
  confirmed_at: number | null;
  last_auth_at: number | null;
}

/**
 * One push sent to a device: a challenge, or the enrollment a scan of the QR
 * code would confirm. `code_hash` hashes the oob_code the client polls with
 * (only the hash is kept); `id` is the public handle the dev outbox answers
 * it by. `binding` ties it to the mfa_token that asked for it (its hash), or
 * to the user's MFA API token (`access|<user>`); polling with anything else
 * is refused.
 */
export interface PushRequestRow {
  id: string;
  code_hash: string;
  authenticator_id: string;
  user_id: string;
  binding: string;
  purpose: "challenge" | "enroll";
  status: "pending" | "approved" | "denied";
  created_at: number;
  expires_at: number;
  last_polled_at: number | null;
  consumed_at: number | null;
}

export async function listPushAuthenticators(
  db: SqlClient,
  userId: string,
): Promise<PushAuthenticatorRow[]> {
  return db.query<PushAuthenticatorRow>(
    "SELECT * FROM push_authenticators WHERE user_id = $1 ORDER BY created_at, id",
    [userId],
  );
}

export async function findPushAuthenticator(
  db: SqlClient,
  id: string,
): Promise<PushAuthenticatorRow | undefined> {
  const rows = await db.query<PushAuthenticatorRow>(
    "SELECT * FROM push_authenticators WHERE id = $1",
    [id],
  );
  return rows[0];
}

export async function insertPushAuthenticator(
  db: SqlClient,
  row: Pick<PushAuthenticatorRow, "id" | "user_id" | "name" | "created_at">,
): Promise<void> {
  await db.query(
    `INSERT INTO push_authenticators (id, user_id, name, created_at) VALUES ($1, $2, $3, $4)`,
    [row.id, row.user_id, row.name, row.created_at],
  );
}

/** Records a successful use; the first one confirms a pending enrollment. */
export async function markPushAuthenticatorUsed(
  db: SqlClient,
  id: string,
  now: number,
): Promise<void> {
  await db.query(
    `UPDATE push_authenticators SET last_auth_at = $2, confirmed_at = COALESCE(confirmed_at, $2)
     WHERE id = $1`,
    [id, now],
  );
}

export async function deletePendingPushAuthenticators(
  db: SqlClient,
  userId: string,
): Promise<void> {
  await db.query("DELETE FROM push_authenticators WHERE user_id = $1 AND confirmed_at IS NULL", [
    userId,
  ]);
}

/** Deletes one confirmed device of the user (its requests cascade); false when not theirs. */
export async function deleteConfirmedPushAuthenticator(
  db: SqlClient,
  userId: string,
  id: string,
): Promise<boolean> {
  const rows = await db.query(
    `DELETE FROM push_authenticators WHERE id = $1 AND user_id = $2 AND confirmed_at IS NOT NULL
     RETURNING id`,
    [id, userId],
  );
  return rows.length === 1;
}

export async function deleteAllPushAuthenticators(db: SqlClient, userId: string): Promise<void> {
  await db.query("DELETE FROM push_requests WHERE user_id = $1", [userId]);
  await db.query("DELETE FROM push_authenticators WHERE user_id = $1", [userId]);
}

export async function insertPushRequest(
  db: SqlClient,
  row: Omit<PushRequestRow, "status" | "last_polled_at" | "consumed_at">,
): Promise<void> {
  await db.query(
    `INSERT INTO push_requests (id, code_hash, authenticator_id, user_id, binding, purpose, status,
       created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8)`,
    [
      row.id,
      row.code_hash,
      row.authenticator_id,
      row.user_id,
      row.binding,
      row.purpose,
      row.created_at,
      row.expires_at,
    ],
  );
}

export async function findPushRequestByCode(
  db: SqlClient,
  codeHash: string,
): Promise<PushRequestRow | undefined> {
  const rows = await db.query<PushRequestRow>("SELECT * FROM push_requests WHERE code_hash = $1", [
    codeHash,
  ]);
  return rows[0];
}

/**
 * Notes a poll, atomically: true when the previous one was at least
 * `minInterval` ms ago (or there was none), false when it came too soon
 * (`slow_down`), so two racing polls cannot both pass.
 */
export async function notePushPoll(
  db: SqlClient,
  codeHash: string,
  now: number,
  minInterval: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE push_requests SET last_polled_at = $2
     WHERE code_hash = $1 AND (last_polled_at IS NULL OR last_polled_at <= $3)
     RETURNING id`,
    [codeHash, now, now - minInterval],
  );
  return rows.length === 1;
}

/** Spends an approved request: true for exactly one of several racing grants. */
export async function consumePushRequest(
  db: SqlClient,
  codeHash: string,
  now: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE push_requests SET consumed_at = $2
     WHERE code_hash = $1 AND status = 'approved' AND consumed_at IS NULL
     RETURNING id`,
    [codeHash, now],
  );
  return rows.length === 1;
}

/**
 * The user's answer on the device (the dev outbox's Approve / Deny): only a
 * pending, unexpired request changes, once; false otherwise.
 */
export async function answerPushRequest(
  db: SqlClient,
  id: string,
  status: "approved" | "denied",
  now: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE push_requests SET status = $2
     WHERE id = $1 AND status = 'pending' AND expires_at > $3
     RETURNING id`,
    [id, status, now],
  );
  return rows.length === 1;
}

/** A pending request shown in the dev outbox, with whom it is for. */
export interface PendingPushView {
  id: string;
  purpose: PushRequestRow["purpose"];
  device: string;
  email: string;
  created_at: number;
  expires_at: number;
}

/** Pending, unexpired requests, newest first (the dev outbox lists them to answer). */
export async function listPendingPushRequests(
  db: SqlClient,
  now: number,
  limit = 50,
): Promise<PendingPushView[]> {
  return db.query<PendingPushView>(
    `SELECT r.id, r.purpose, a.name AS device, u.email, r.created_at, r.expires_at
     FROM push_requests r
     JOIN push_authenticators a ON a.id = r.authenticator_id
     JOIN users u ON u.id = r.user_id
     WHERE r.status = 'pending' AND r.expires_at > $1
     ORDER BY r.created_at DESC, r.id LIMIT $2`,
    [now, limit],
  );
}
