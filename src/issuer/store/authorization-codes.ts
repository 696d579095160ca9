import type { SqlClient } from "./sql-client.js";

export interface AuthorizationCodeRow {
  code_hash: string;
  client_id: string;
  user_id: string;
  redirect_uri: string;
  scope: string;
  audience: string | null;
  nonce: string | null;
  code_challenge: string;
  auth_time: number;
  amr: string[];
  /** Epoch ms of the MFA done in the browser during this authorization, else null. */
  last_mfa_at: number | null;
  /** amr value → epoch ms of its last use (see refresh_families.mfa_times). */
  mfa_times: Record<string, number> | null;
  expires_at: number;
  /** Hash of the issuer login session that authorized it; the family it starts keeps it. */
  login_session_hash: string | null;
}

export async function insertAuthorizationCode(
  db: SqlClient,
  row: AuthorizationCodeRow,
): Promise<void> {
  await db.query(
    `INSERT INTO authorization_codes (code_hash, client_id, user_id, redirect_uri, scope, audience, nonce,
       code_challenge, auth_time, amr, expires_at, last_mfa_at, login_session_hash, mfa_times)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      row.code_hash,
      row.client_id,
      row.user_id,
      row.redirect_uri,
      row.scope,
      row.audience,
      row.nonce,
      row.code_challenge,
      row.auth_time,
      row.amr,
      row.expires_at,
      row.last_mfa_at,
      row.login_session_hash,
      row.mfa_times === null ? null : JSON.stringify(row.mfa_times),
    ],
  );
}

/** The code and whether it was used, without spending it (undefined when it never existed). */
export async function findAuthorizationCode(
  db: SqlClient,
  codeHash: string,
): Promise<(AuthorizationCodeRow & { consumed_at: number | null }) | undefined> {
  const rows = await db.query<AuthorizationCodeRow & { consumed_at: number | null }>(
    `SELECT code_hash, client_id, user_id, redirect_uri, scope, audience, nonce, code_challenge,
       auth_time, amr, last_mfa_at, mfa_times, expires_at, login_session_hash, consumed_at
     FROM authorization_codes WHERE code_hash = $1`,
    [codeHash],
  );
  return rows[0];
}

/**
 * Marks the code used and returns it, or `{ reused: true }` when it was
 * already used (RFC 6749 §4.1.2: the caller then revokes what it issued), or
 * undefined when it never existed. Atomic: of two racing exchanges one wins.
 */
export async function consumeAuthorizationCode(
  db: SqlClient,
  codeHash: string,
  now: number,
): Promise<AuthorizationCodeRow | { reused: true } | undefined> {
  const rows = await db.query<AuthorizationCodeRow>(
    `UPDATE authorization_codes SET consumed_at = $2 WHERE code_hash = $1 AND consumed_at IS NULL
     RETURNING code_hash, client_id, user_id, redirect_uri, scope, audience, nonce, code_challenge,
       auth_time, amr, last_mfa_at, mfa_times, expires_at, login_session_hash`,
    [codeHash, now],
  );
  if (rows[0]) return rows[0];
  const used = await db.query("SELECT 1 FROM authorization_codes WHERE code_hash = $1", [codeHash]);
  return used.length > 0 ? { reused: true } : undefined;
}
