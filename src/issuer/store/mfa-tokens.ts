import type { SqlClient } from "./sql-client.js";

export interface MfaTokenRow {
  token_hash: string;
  user_id: string;
  client_id: string;
  audience: string;
  scope: string;
  family_id: string;
  expires_at: number;
  consumed_at: number | null;
  failed_attempts: number;
  /** Minted by an MFA grant as the next link of a chain (it may enroll a further factor). */
  chained: boolean;
}

export async function insertMfaToken(
  db: SqlClient,
  row: Omit<MfaTokenRow, "consumed_at" | "failed_attempts" | "chained"> & { chained?: boolean },
): Promise<void> {
  await db.query(
    `INSERT INTO mfa_tokens
       (token_hash, user_id, client_id, audience, scope, family_id, expires_at, chained)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      row.token_hash,
      row.user_id,
      row.client_id,
      row.audience,
      row.scope,
      row.family_id,
      row.expires_at,
      row.chained ?? false,
    ],
  );
}

export async function findMfaToken(
  db: SqlClient,
  tokenHash: string,
): Promise<MfaTokenRow | undefined> {
  const rows = await db.query<MfaTokenRow>("SELECT * FROM mfa_tokens WHERE token_hash = $1", [
    tokenHash,
  ]);
  return rows[0];
}

/** Counts a wrong answer; returns the new count (atomic increment, safe across processes). */
export async function recordMfaTokenFailure(db: SqlClient, tokenHash: string): Promise<number> {
  const rows = await db.query<{ failed_attempts: number }>(
    "UPDATE mfa_tokens SET failed_attempts = failed_attempts + 1 WHERE token_hash = $1 RETURNING failed_attempts",
    [tokenHash],
  );
  return rows[0]?.failed_attempts ?? 0;
}

/**
 * Consumes the token for a successful MFA grant. Atomic compare-and-set: only
 * one of several racing grants gets true, and never after expiry or once the
 * attempt budget is spent.
 */
export async function consumeMfaToken(
  db: SqlClient,
  tokenHash: string,
  now: number,
  maxFailures: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE mfa_tokens SET consumed_at = $2
     WHERE token_hash = $1 AND consumed_at IS NULL AND expires_at > $2 AND failed_attempts < $3
     RETURNING token_hash`,
    [tokenHash, now, maxFailures],
  );
  return rows.length === 1;
}
