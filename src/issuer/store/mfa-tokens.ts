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

/**
 * Reserves one answer of the token's budget BEFORE the answer is checked
 * (`failed_attempts` counts answers reserved or wrong). Atomic: of parallel
 * answers on any process, at most `maxAnswers` get true, and never for a
 * consumed or expired token. A right answer's reservation is given back when
 * the grant consumes the token; an unchecked one with refundMfaTokenAnswer.
 */
export async function reserveMfaTokenAnswer(
  db: SqlClient,
  tokenHash: string,
  now: number,
  maxAnswers: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE mfa_tokens SET failed_attempts = failed_attempts + 1
     WHERE token_hash = $1 AND consumed_at IS NULL AND expires_at > $2 AND failed_attempts < $3
     RETURNING token_hash`,
    [tokenHash, now, maxAnswers],
  );
  return rows.length === 1;
}

/** Gives back a reservation whose answer was never checked. */
export async function refundMfaTokenAnswer(db: SqlClient, tokenHash: string): Promise<void> {
  await db.query(
    `UPDATE mfa_tokens SET failed_attempts = failed_attempts - 1
     WHERE token_hash = $1 AND consumed_at IS NULL AND failed_attempts > 0`,
    [tokenHash],
  );
}
