import type { SqlClient } from "../../store/sql-client.js";

export interface AuthenticatorRow {
  id: string;
  user_id: string;
  type: "totp";
  secret_sealed: string;
  created_at: number;
  confirmed_at: number | null;
  last_used_step: number | null;
  last_auth_at: number | null;
}

export async function listAuthenticators(
  db: SqlClient,
  userId: string,
): Promise<AuthenticatorRow[]> {
  return db.query<AuthenticatorRow>(
    "SELECT * FROM authenticators WHERE user_id = $1 ORDER BY created_at, id",
    [userId],
  );
}

export async function insertAuthenticator(
  db: SqlClient,
  row: Pick<AuthenticatorRow, "id" | "user_id" | "type" | "secret_sealed" | "created_at">,
): Promise<void> {
  await db.query(
    "INSERT INTO authenticators (id, user_id, type, secret_sealed, created_at) VALUES ($1, $2, $3, $4, $5)",
    [row.id, row.user_id, row.type, row.secret_sealed, row.created_at],
  );
}

/** A new enrollment replaces one still pending (never a confirmed one). */
export async function deletePendingAuthenticators(
  db: SqlClient,
  userId: string,
  type: string,
): Promise<void> {
  await db.query(
    "DELETE FROM authenticators WHERE user_id = $1 AND type = $2 AND confirmed_at IS NULL",
    [userId, type],
  );
}

/**
 * Records a used TOTP time step. Atomic compare-and-set: false when this step
 * (or a later one) was already used by this authenticator, so a code cannot be
 * replayed, even by a racing request on another process.
 */
export async function claimTotpStep(
  db: SqlClient,
  id: string,
  step: number,
  now: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE authenticators SET last_used_step = $2, last_auth_at = $3,
       confirmed_at = COALESCE(confirmed_at, $3)
     WHERE id = $1 AND (last_used_step IS NULL OR last_used_step < $2) RETURNING id`,
    [id, step, now],
  );
  return rows.length === 1;
}

/** Deletes one confirmed authenticator of the user; false when it is not theirs or absent. */
export async function deleteConfirmedAuthenticator(
  db: SqlClient,
  userId: string,
  id: string,
  type: string,
): Promise<boolean> {
  const rows = await db.query(
    `DELETE FROM authenticators WHERE id = $1 AND user_id = $2 AND type = $3
       AND confirmed_at IS NOT NULL RETURNING id`,
    [id, userId, type],
  );
  return rows.length === 1;
}

/** Deletes every authenticator of the user, pending ones too (MFA reset); returns how many. */
export async function deleteAllAuthenticators(db: SqlClient, userId: string): Promise<number> {
  const rows = await db.query("DELETE FROM authenticators WHERE user_id = $1 RETURNING id", [
    userId,
  ]);
  return rows.length;
}
