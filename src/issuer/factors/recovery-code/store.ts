import type { SqlClient } from "../../store/sql-client.js";

export interface RecoveryCodeSetRow {
  id: string;
  user_id: string;
  pending_authenticator_id: string | null;
  created_at: number;
  confirmed_at: number | null;
  last_auth_at: number | null;
}

/** Stores a set of hashed codes, pending until the authenticator it came with is confirmed. */
export async function insertRecoveryCodeSet(
  db: SqlClient,
  set: { id: string; userId: string; pendingAuthenticatorId: string; now: number },
  codeHashes: string[],
): Promise<void> {
  await db.query(
    `INSERT INTO recovery_code_sets (id, user_id, pending_authenticator_id, created_at) VALUES ($1, $2, $3, $4)`,
    [set.id, set.userId, set.pendingAuthenticatorId, set.now],
  );
  for (const hash of codeHashes) {
    await db.query("INSERT INTO recovery_codes (code_hash, set_id) VALUES ($1, $2)", [
      hash,
      set.id,
    ]);
  }
}

export async function deletePendingRecoveryCodeSets(db: SqlClient, userId: string): Promise<void> {
  await db.query("DELETE FROM recovery_code_sets WHERE user_id = $1 AND confirmed_at IS NULL", [
    userId,
  ]);
}

/** Activates the set that came with `authenticatorId`; older sets of the user are dropped. */
export async function confirmRecoveryCodeSet(
  db: SqlClient,
  userId: string,
  authenticatorId: string,
  now: number,
): Promise<void> {
  const rows = await db.query(
    `UPDATE recovery_code_sets SET confirmed_at = $3
     WHERE user_id = $1 AND pending_authenticator_id = $2 AND confirmed_at IS NULL RETURNING id`,
    [userId, authenticatorId, now],
  );
  if (rows.length === 0) return;
  await db.query(
    "DELETE FROM recovery_code_sets WHERE user_id = $1 AND (pending_authenticator_id IS DISTINCT FROM $2)",
    [userId, authenticatorId],
  );
}

export async function findActiveRecoveryCodeSet(
  db: SqlClient,
  userId: string,
): Promise<(RecoveryCodeSetRow & { remaining: number }) | undefined> {
  const rows = await db.query<RecoveryCodeSetRow & { remaining: number }>(
    `SELECT s.*, (SELECT count(*)::int FROM recovery_codes c WHERE c.set_id = s.id AND c.used_at IS NULL) AS remaining
     FROM recovery_code_sets s WHERE s.user_id = $1 AND s.confirmed_at IS NOT NULL
     ORDER BY s.created_at DESC LIMIT 1`,
    [userId],
  );
  return rows[0];
}

/** Spends one code. Atomic: a code works once, even under racing requests. */
export async function useRecoveryCode(
  db: SqlClient,
  setId: string,
  codeHash: string,
  now: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE recovery_codes SET used_at = $3 WHERE set_id = $1 AND code_hash = $2 AND used_at IS NULL
     RETURNING code_hash`,
    [setId, codeHash, now],
  );
  if (rows.length === 1) {
    await db.query("UPDATE recovery_code_sets SET last_auth_at = $2 WHERE id = $1", [setId, now]);
  }
  return rows.length === 1;
}

/** Deletes every recovery-code set of the user (codes cascade); returns how many sets. */
export async function deleteAllRecoveryCodeSets(db: SqlClient, userId: string): Promise<number> {
  const rows = await db.query("DELETE FROM recovery_code_sets WHERE user_id = $1 RETURNING id", [
    userId,
  ]);
  return rows.length;
}

/** Replaces every set of the user with a new, already active one (regeneration). */
export async function replaceRecoveryCodeSet(
  db: SqlClient,
  set: { id: string; userId: string; now: number },
  codeHashes: string[],
): Promise<void> {
  await deleteAllRecoveryCodeSets(db, set.userId);
  await db.query(
    `INSERT INTO recovery_code_sets (id, user_id, pending_authenticator_id, created_at, confirmed_at)
     VALUES ($1, $2, NULL, $3, $3)`,
    [set.id, set.userId, set.now],
  );
  for (const hash of codeHashes) {
    await db.query("INSERT INTO recovery_codes (code_hash, set_id) VALUES ($1, $2)", [
      hash,
      set.id,
    ]);
  }
}

/** Deletes the user's confirmed sets (their last factor is gone); a pending enrollment's set stays. */
export async function deleteActiveRecoveryCodeSets(db: SqlClient, userId: string): Promise<number> {
  const rows = await db.query(
    "DELETE FROM recovery_code_sets WHERE user_id = $1 AND confirmed_at IS NOT NULL RETURNING id",
    [userId],
  );
  return rows.length;
}
