import type { MfaTokenRow } from "../../store/mfa-tokens.js";
import type { SqlClient } from "../../store/sql-client.js";
import { claimTotpStepSql } from "../../store/totp-step-claim.js";

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

/**
 * An mfa_token by its hash and its user's authenticators (listAuthenticators'
 * order) in one statement: the mfa-otp grant needs both. Undefined token:
 * none has that hash (and no authenticators are answered).
 */
export async function findMfaTokenWithAuthenticators(
  db: SqlClient,
  tokenHash: string,
): Promise<{ token: MfaTokenRow | undefined; authenticators: AuthenticatorRow[] }> {
  const rows = await db.query<MfaTokenRow & Record<`a_${keyof AuthenticatorRow}`, unknown>>(
    `SELECT t.token_hash, t.user_id, t.client_id, t.audience, t.scope, t.family_id, t.expires_at,
       t.consumed_at, t.failed_attempts, t.chained, a.id AS a_id, a.user_id AS a_user_id,
       a.type AS a_type, a.secret_sealed AS a_secret_sealed, a.created_at AS a_created_at,
       a.confirmed_at AS a_confirmed_at, a.last_used_step AS a_last_used_step,
       a.last_auth_at AS a_last_auth_at
     FROM mfa_tokens t LEFT JOIN authenticators a ON a.user_id = t.user_id
     WHERE t.token_hash = $1 ORDER BY a.created_at, a.id`,
    [tokenHash],
  );
  const first = rows[0];
  if (!first) return { token: undefined, authenticators: [] };
  const token: MfaTokenRow = {
    token_hash: first.token_hash,
    user_id: first.user_id,
    client_id: first.client_id,
    audience: first.audience,
    scope: first.scope,
    family_id: first.family_id,
    expires_at: first.expires_at,
    consumed_at: first.consumed_at,
    failed_attempts: first.failed_attempts,
    chained: first.chained,
  };
  const authenticators = rows
    .filter((row) => row.a_id !== null)
    .map((row): AuthenticatorRow => ({
      id: row.a_id as string,
      user_id: row.a_user_id as string,
      type: row.a_type as AuthenticatorRow["type"],
      secret_sealed: row.a_secret_sealed as string,
      created_at: row.a_created_at as number,
      confirmed_at: row.a_confirmed_at as number | null,
      last_used_step: row.a_last_used_step as number | null,
      last_auth_at: row.a_last_auth_at as number | null,
    }));
  return { token, authenticators };
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
  const rows = await db.query(claimTotpStepSql({ id: "$1", step: "$2", now: "$3" }), [
    id,
    step,
    now,
  ]);
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
