import type { SqlClient } from "./sql-client.js";

/** A validated /authorize request waiting for the user to log in. */
export interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  state?: string;
  nonce?: string;
  scope: string;
  audience?: string;
  codeChallenge: string;
  maxAge?: number;
  loginHint?: string;
}

export async function insertAuthorizationRequest(
  db: SqlClient,
  row: { idHash: string; browserHash: string; params: PendingAuthorization; expiresAt: number },
): Promise<void> {
  await db.query(
    `INSERT INTO authorization_requests (id_hash, browser_hash, params, expires_at)
     VALUES ($1, $2, $3, $4)`,
    [row.idHash, row.browserHash, JSON.stringify(row.params), row.expiresAt],
  );
}

export async function findAuthorizationRequest(
  db: SqlClient,
  idHash: string,
  now: number,
): Promise<{ browser_hash: string; params: PendingAuthorization } | undefined> {
  const rows = await db.query<{ browser_hash: string; params: PendingAuthorization }>(
    `SELECT browser_hash, params FROM authorization_requests
     WHERE id_hash = $1 AND consumed_at IS NULL AND expires_at > $2`,
    [idHash, now],
  );
  return rows[0];
}

/** Single use: only the first successful login for a pending request wins. */
export async function consumeAuthorizationRequest(
  db: SqlClient,
  idHash: string,
  now: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE authorization_requests SET consumed_at = $2
     WHERE id_hash = $1 AND consumed_at IS NULL AND expires_at > $2 RETURNING id_hash`,
    [idHash, now],
  );
  return rows.length === 1;
}
