import type { SqlClient } from "./sql-client.js";

/** A refresh family: every refresh token rotated from one login, sharing its authentication. */
export interface RefreshFamilyRow {
  id: string;
  user_id: string;
  client_id: string;
  scope: string;
  audience: string | null;
  auth_time: number;
  amr: string[];
  last_mfa_at: number | null;
  /** amr value → epoch ms of its last use in this family (null on families made before it was kept). */
  mfa_times: Record<string, number> | null;
  code_hash: string | null;
  created_at: number;
  revoked_at: number | null;
}

export async function insertRefreshFamily(
  db: SqlClient,
  row: Omit<RefreshFamilyRow, "revoked_at">,
): Promise<void> {
  await db.query(
    `INSERT INTO refresh_families (id, user_id, client_id, scope, audience, auth_time, amr, last_mfa_at,
       code_hash, created_at, mfa_times) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      row.id,
      row.user_id,
      row.client_id,
      row.scope,
      row.audience,
      row.auth_time,
      row.amr,
      row.last_mfa_at,
      row.code_hash,
      row.created_at,
      row.mfa_times === null ? null : JSON.stringify(row.mfa_times),
    ],
  );
}

export async function findRefreshFamily(
  db: SqlClient,
  id: string,
): Promise<RefreshFamilyRow | undefined> {
  const rows = await db.query<RefreshFamilyRow>("SELECT * FROM refresh_families WHERE id = $1", [
    id,
  ]);
  return rows[0];
}

export async function insertRefreshToken(
  db: SqlClient,
  tokenHash: string,
  familyId: string,
  now: number,
): Promise<void> {
  await db.query(
    "INSERT INTO refresh_tokens (token_hash, family_id, created_at) VALUES ($1, $2, $3)",
    [tokenHash, familyId, now],
  );
}

export interface RefreshTokenLookup {
  family: RefreshFamilyRow;
  rotated: boolean;
}

export async function findRefreshToken(
  db: SqlClient,
  tokenHash: string,
): Promise<RefreshTokenLookup | undefined> {
  const rows = await db.query<RefreshFamilyRow & { rotated_at: number | null }>(
    `SELECT f.*, t.rotated_at FROM refresh_tokens t JOIN refresh_families f ON f.id = t.family_id
     WHERE t.token_hash = $1`,
    [tokenHash],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { rotated_at, ...family } = row;
  return { family, rotated: rotated_at !== null };
}

/** Atomic: true for exactly one of several racing rotations of the same token. */
export async function rotateRefreshToken(
  db: SqlClient,
  tokenHash: string,
  now: number,
): Promise<boolean> {
  const rows = await db.query(
    "UPDATE refresh_tokens SET rotated_at = $2 WHERE token_hash = $1 AND rotated_at IS NULL RETURNING token_hash",
    [tokenHash, now],
  );
  return rows.length === 1;
}

/** Retires every live token of a family (a step-up hands out a fresh one). */
export async function rotateFamilyTokens(
  db: SqlClient,
  familyId: string,
  now: number,
): Promise<void> {
  await db.query(
    "UPDATE refresh_tokens SET rotated_at = $2 WHERE family_id = $1 AND rotated_at IS NULL",
    [familyId, now],
  );
}

export async function revokeRefreshFamily(
  db: SqlClient,
  familyId: string,
  now: number,
): Promise<void> {
  await db.query(
    "UPDATE refresh_families SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
    [familyId, now],
  );
}

/** Revokes what an authorization code produced, when the code is presented twice (RFC 6749 §4.1.2). */
export async function revokeFamiliesFromCode(
  db: SqlClient,
  codeHash: string,
  now: number,
): Promise<void> {
  await db.query(
    "UPDATE refresh_families SET revoked_at = $2 WHERE code_hash = $1 AND revoked_at IS NULL",
    [codeHash, now],
  );
}

/**
 * Records a completed MFA on the family: adds the methods to amr, refreshes
 * auth_time and the last MFA time, and the time of each method (mfa_times).
 */
export async function recordFamilyMfa(
  db: SqlClient,
  familyId: string,
  methods: string[],
  now: number,
): Promise<RefreshFamilyRow | undefined> {
  const rows = await db.query<RefreshFamilyRow>(
    `UPDATE refresh_families
     SET amr = ARRAY(SELECT DISTINCT unnest(amr || $2::text[])), last_mfa_at = $3, auth_time = $3,
       mfa_times = COALESCE(mfa_times, '{}'::jsonb) || $4::jsonb
     WHERE id = $1 AND revoked_at IS NULL RETURNING *`,
    [familyId, methods, now, JSON.stringify(timesOf(methods, now))],
  );
  return rows[0];
}

/** `{method: at}` for the MFA methods among `methods` ("mfa" itself and "pwd" are not methods of an MFA). */
export function timesOf(methods: readonly string[], at: number): Record<string, number> {
  const times: Record<string, number> = {};
  for (const method of methods) if (method !== "mfa" && method !== "pwd") times[method] = at;
  return times;
}
