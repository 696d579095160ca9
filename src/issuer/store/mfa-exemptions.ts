import type { SqlClient } from "./sql-client.js";

/** An admin's decision that a user need not have MFA under required enforcement. */
export interface MfaExemptionRow {
  user_id: string;
  reason: string;
  /** The admin client that set it. */
  set_by: string;
  created_at: number;
}

export async function findMfaExemption(
  db: SqlClient,
  userId: string,
): Promise<MfaExemptionRow | undefined> {
  const rows = await db.query<MfaExemptionRow>("SELECT * FROM mfa_exemptions WHERE user_id = $1", [
    userId,
  ]);
  return rows[0];
}

/** Sets (or replaces) the exemption: the latest reason and setter win. */
export async function upsertMfaExemption(db: SqlClient, row: MfaExemptionRow): Promise<void> {
  await db.query(
    `INSERT INTO mfa_exemptions (user_id, reason, set_by, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id) DO UPDATE SET reason = $2, set_by = $3, created_at = $4`,
    [row.user_id, row.reason, row.set_by, row.created_at],
  );
}

/** False when there was none. */
export async function deleteMfaExemption(db: SqlClient, userId: string): Promise<boolean> {
  const rows = await db.query("DELETE FROM mfa_exemptions WHERE user_id = $1 RETURNING user_id", [
    userId,
  ]);
  return rows.length === 1;
}
