import type { SqlClient } from "../../store/sql-client.js";

/**
 * One sent code. `code_hash` hashes the opaque oob_code handle given to the
 * client; `binding_hash` hashes the 6-digit code together with that handle,
 * so a leaked table does not reveal codes and cannot be brute-forced without
 * the handle (which is stored only as its hash).
 */
export interface OobCodeRow {
  code_hash: string;
  authenticator_id: string;
  user_id: string;
  mfa_token_hash: string;
  binding_hash: string;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
}

export async function insertOobCode(
  db: SqlClient,
  row: Omit<OobCodeRow, "consumed_at">,
): Promise<void> {
  await db.query(
    `INSERT INTO oob_codes (code_hash, authenticator_id, user_id, mfa_token_hash, binding_hash, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      row.code_hash,
      row.authenticator_id,
      row.user_id,
      row.mfa_token_hash,
      row.binding_hash,
      row.created_at,
      row.expires_at,
    ],
  );
}

export async function findOobCode(
  db: SqlClient,
  codeHash: string,
): Promise<OobCodeRow | undefined> {
  const rows = await db.query<OobCodeRow>("SELECT * FROM oob_codes WHERE code_hash = $1", [
    codeHash,
  ]);
  return rows[0];
}

/**
 * Spends a code. Atomic compare-and-set: true for exactly one of several racing
 * requests (also across processes on PostgreSQL), and never for a wrong binding
 * code, an expired code or a used one.
 */
export async function consumeOobCode(
  db: SqlClient,
  codeHash: string,
  bindingHash: string,
  now: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE oob_codes SET consumed_at = $3
     WHERE code_hash = $1 AND binding_hash = $2 AND consumed_at IS NULL AND expires_at > $3
     RETURNING code_hash`,
    [codeHash, bindingHash, now],
  );
  return rows.length === 1;
}

/** Removes a code that was never delivered, so it cannot be used. */
export async function deleteOobCode(db: SqlClient, codeHash: string): Promise<void> {
  await db.query("DELETE FROM oob_codes WHERE code_hash = $1", [codeHash]);
}

/**
 * The newest code sent for `authenticatorId` under one binding (an mfa_token's
 * hash, or a hosted step's binding), used or not: only that one may be
 * redeemed, so a resent code replaces the one before it.
 */
export async function findLatestOobCode(
  db: SqlClient,
  authenticatorId: string,
  mfaTokenHash: string,
): Promise<OobCodeRow | undefined> {
  const rows = await db.query<OobCodeRow>(
    `SELECT * FROM oob_codes WHERE authenticator_id = $1 AND mfa_token_hash = $2
     ORDER BY created_at DESC, code_hash LIMIT 1`,
    [authenticatorId, mfaTokenHash],
  );
  return rows[0];
}
