import { timesOf } from "./refresh-tokens.js";
import type { SqlClient } from "./sql-client.js";

export interface LoginSessionRow {
  id_hash: string;
  user_id: string;
  auth_time: number;
  amr: string[];
  /** Epoch ms of the last MFA in this session (hosted MFA step), else null. */
  last_mfa_at: number | null;
  /** amr value → epoch ms of its last use in this session (null on sessions made before it was kept). */
  mfa_times: Record<string, number> | null;
  expires_at: number;
}

export async function insertLoginSession(db: SqlClient, row: LoginSessionRow): Promise<void> {
  await db.query(
    `INSERT INTO login_sessions (id_hash, user_id, auth_time, amr, last_mfa_at, expires_at, mfa_times)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      row.id_hash,
      row.user_id,
      row.auth_time,
      row.amr,
      row.last_mfa_at,
      row.expires_at,
      row.mfa_times === null ? null : JSON.stringify(row.mfa_times),
    ],
  );
}

export async function findLoginSession(
  db: SqlClient,
  idHash: string,
  now: number,
): Promise<LoginSessionRow | undefined> {
  const rows = await db.query<LoginSessionRow>(
    `SELECT id_hash, user_id, auth_time, amr, last_mfa_at, mfa_times, expires_at FROM login_sessions
     WHERE id_hash = $1 AND ended_at IS NULL AND expires_at > $2`,
    [idHash, now],
  );
  return rows[0];
}

export async function endLoginSession(db: SqlClient, idHash: string, now: number): Promise<void> {
  await db.query(
    "UPDATE login_sessions SET ended_at = $2 WHERE id_hash = $1 AND ended_at IS NULL",
    [idHash, now],
  );
}

/**
 * Records an MFA completed in the browser on the session: amr gains the
 * methods, and later /authorize requests find the MFA time for their policy.
 */
export async function recordSessionMfa(
  db: SqlClient,
  idHash: string,
  userId: string,
  methods: string[],
  now: number,
): Promise<void> {
  await db.query(
    `UPDATE login_sessions SET amr = ARRAY(SELECT DISTINCT unnest(amr || $3::text[])), last_mfa_at = $4,
       mfa_times = COALESCE(mfa_times, '{}'::jsonb) || $5::jsonb
     WHERE id_hash = $1 AND user_id = $2 AND ended_at IS NULL`,
    [idHash, userId, methods, now, JSON.stringify(timesOf(methods, now))],
  );
}
