import type { SecretBox } from "../crypto/secret-box.js";
import type { AuditEventRow } from "./audit-events.js";
import { claimTotpStepSql } from "./totp-step-claim.js";
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
  /** Last grant answered from this family (idle lifetime); null before migration 10 = created_at. */
  last_used_at: number | null;
  /**
   * The family's one live refresh token, sealed with the issuer's secret box
   * (AAD: the family id), so that a racing request presenting the token it
   * just replaced can be answered with it (refresh-rotation.ts).
   */
  current_token_sealed: string | null;
  /** Hash of the issuer login session the family was born of; its logout revokes the family. */
  login_session_hash: string | null;
}

/**
 * Every column of RefreshFamilyRow, of the table `alias`. Statements name
 * them rather than read `f.*`: on PostgreSQL they then run as prepared
 * statements inside transactions too, and a column a later migration adds
 * cannot make them stale (pg-client.ts). store.test.ts checks the list
 * against the table.
 */
export function familyColumns(alias: string): string {
  return FAMILY_COLUMNS.map((column) => `${alias}.${column}`).join(", ");
}

export const FAMILY_COLUMNS = [
  "id",
  "user_id",
  "client_id",
  "scope",
  "audience",
  "auth_time",
  "amr",
  "last_mfa_at",
  "mfa_times",
  "code_hash",
  "created_at",
  "revoked_at",
  "last_used_at",
  "current_token_sealed",
  "login_session_hash",
] as const satisfies ReadonlyArray<keyof RefreshFamilyRow>;

/** What a new family is made of; its bookkeeping columns start empty. */
export type NewRefreshFamily = Omit<
  RefreshFamilyRow,
  "revoked_at" | "last_used_at" | "current_token_sealed"
>;

export async function insertRefreshFamily(db: SqlClient, row: NewRefreshFamily): Promise<void> {
  await db.query(
    `INSERT INTO refresh_families (id, user_id, client_id, scope, audience, auth_time, amr, last_mfa_at,
       code_hash, created_at, last_used_at, login_session_hash, mfa_times)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12)`,
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
      row.login_session_hash,
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

/**
 * Makes a newly minted refresh token the family's one live token, in one
 * statement: every live token of the family is retired (rotated_at = now),
 * the new one stored hashed for lookup and sealed on the family (the only
 * place its plaintext is kept, encrypted) for the reuse interval's
 * idempotent answer, and the family marked used (its idle lifetime). The
 * CTE's parts share one snapshot, so the retiring UPDATE never sees the new
 * row.
 */
export async function replaceCurrentRefreshToken(
  db: SqlClient,
  box: SecretBox,
  token: { value: string; hash: string },
  familyId: string,
  now: number,
): Promise<void> {
  await db.query(
    `WITH retired AS (
       UPDATE refresh_tokens SET rotated_at = $3 WHERE family_id = $1 AND rotated_at IS NULL
     ), minted AS (
       INSERT INTO refresh_tokens (token_hash, family_id, created_at) VALUES ($2, $1, $3)
     )
     UPDATE refresh_families SET current_token_sealed = $4, last_used_at = $3 WHERE id = $1`,
    [familyId, token.hash, now, box.seal(token.value, familyId)],
  );
}

/**
 * replaceCurrentRefreshToken as a compare-and-swap, without a transaction:
 * it happens only while the family is live and its sealed current token is
 * still `expectedSealed` (what the caller read). PostgreSQL re-checks that
 * condition on the latest row version after any lock wait, so of racing
 * swaps from one token exactly one wins; false when this one did not.
 */
export async function swapCurrentRefreshToken(
  db: SqlClient,
  box: SecretBox,
  token: { value: string; hash: string },
  family: { id: string; current_token_sealed: string },
  now: number,
): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    `WITH swapped AS (
       UPDATE refresh_families SET current_token_sealed = $4, last_used_at = $3
       WHERE id = $1 AND revoked_at IS NULL AND current_token_sealed = $5 RETURNING id
     ), retired AS (
       UPDATE refresh_tokens SET rotated_at = $3
       WHERE family_id IN (SELECT id FROM swapped) AND rotated_at IS NULL
     ), minted AS (
       INSERT INTO refresh_tokens (token_hash, family_id, created_at) SELECT $2, id, $3 FROM swapped
     )
     SELECT id FROM swapped`,
    [family.id, token.hash, now, box.seal(token.value, family.id), family.current_token_sealed],
  );
  return rows.length === 1;
}

/**
 * touchRefreshFamily as a compare-and-swap, without a transaction: the
 * family is marked used only while it is live and its sealed current token
 * is still `family.current_token_sealed` (what the caller read); false when
 * a rotation or a revocation came first.
 */
export async function touchCurrentRefreshFamily(
  db: SqlClient,
  family: { id: string; current_token_sealed: string },
  now: number,
): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    `UPDATE refresh_families SET last_used_at = $2
     WHERE id = $1 AND revoked_at IS NULL AND current_token_sealed = $3 RETURNING id`,
    [family.id, now, family.current_token_sealed],
  );
  return rows.length === 1;
}

/** The family's current refresh token in plaintext, or undefined when it has none. */
export function openCurrentRefreshToken(
  box: SecretBox,
  family: RefreshFamilyRow,
): string | undefined {
  return family.current_token_sealed === null
    ? undefined
    : box.open(family.current_token_sealed, family.id);
}

/** Records a grant answered from the family (its idle lifetime starts again). */
export async function touchRefreshFamily(
  db: SqlClient,
  familyId: string,
  now: number,
): Promise<void> {
  await db.query("UPDATE refresh_families SET last_used_at = $2 WHERE id = $1", [familyId, now]);
}

export interface RefreshTokenLookup {
  family: RefreshFamilyRow;
  /** Epoch ms the token was minted, and replaced (null while it is the family's current token). */
  createdAt: number;
  rotatedAt: number | null;
}

export async function findRefreshToken(
  db: SqlClient,
  tokenHash: string,
): Promise<RefreshTokenLookup | undefined> {
  const rows = await db.query<TokenRow>(`${TOKEN_WITH_FAMILY} WHERE t.token_hash = $1`, [
    tokenHash,
  ]);
  return lookupOf(rows[0]);
}

/** A refresh token's row joined with its family's. */
type TokenRow = RefreshFamilyRow & { token_created_at: number; rotated_at: number | null };

const TOKEN_WITH_FAMILY = `SELECT ${familyColumns("f")}, t.created_at AS token_created_at, t.rotated_at
  FROM refresh_tokens t JOIN refresh_families f ON f.id = t.family_id`;

function lookupOf(row: TokenRow | undefined): RefreshTokenLookup | undefined {
  if (!row) return undefined;
  const { rotated_at, token_created_at, ...family } = row;
  return {
    family,
    createdAt: Number(token_created_at),
    rotatedAt: rotated_at === null ? null : Number(rotated_at),
  };
}

/**
 * The presented token and its family, the family's row locked until the
 * transaction ends (`FOR UPDATE OF f`): every grant on one family, on any
 * issuer process, runs one after the other. The family row is the one
 * committed last; the token's columns may predate a rotation that committed
 * while this waited for the lock (PostgreSQL re-reads only locked rows), so
 * callers check `rotated_at` against the family (refresh-rotation.ts).
 */
export async function lockRefreshToken(
  tx: SqlClient,
  tokenHash: string,
): Promise<RefreshTokenLookup | undefined> {
  const rows = await tx.query<TokenRow>(
    `${TOKEN_WITH_FAMILY} WHERE t.token_hash = $1 FOR UPDATE OF f`,
    [tokenHash],
  );
  return lookupOf(rows[0]);
}

/** When the token was replaced, read again (after a lock wait), or null while it is current. */
export async function findTokenRotation(db: SqlClient, tokenHash: string): Promise<number | null> {
  const rows = await db.query<{ rotated_at: number | null }>(
    "SELECT rotated_at FROM refresh_tokens WHERE token_hash = $1",
    [tokenHash],
  );
  const at = rows[0]?.rotated_at ?? null;
  return at === null ? null : Number(at);
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

/** Revokes every family of a user (an admin MFA reset: whatever was signed in must sign in again). */
export async function revokeUserFamilies(
  db: SqlClient,
  userId: string,
  now: number,
): Promise<number> {
  const rows = await db.query(
    "UPDATE refresh_families SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id",
    [userId, now],
  );
  return rows.length;
}

/** Revokes the families born of one issuer login session (its sign-out). */
export async function revokeLoginSessionFamilies(
  db: SqlClient,
  loginSessionHash: string,
  now: number,
): Promise<number> {
  const rows = await db.query(
    `UPDATE refresh_families SET revoked_at = $2
     WHERE login_session_hash = $1 AND revoked_at IS NULL RETURNING id`,
    [loginSessionHash, now],
  );
  return rows.length;
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
 * A completed MFA's changes to family $1: methods $2 join amr, auth_time and
 * the last MFA time become $3, and so does each method's time in mfa_times
 * ($4, JSON of timesOf).
 */
const RECORD_MFA = `amr = ARRAY(SELECT DISTINCT unnest(amr || $2::text[])), last_mfa_at = $3,
  auth_time = $3, last_used_at = $3, mfa_times = COALESCE(mfa_times, '{}'::jsonb) || $4::jsonb`;

/**
 * An MFA grant's first write, in one statement: consumes its mfa_token
 * (atomic: first wins, never after expiry or
 * beyond `maxAnswers`, the answer's reservation given back) and, only when
 * it did, records the MFA on the token's family (RECORD_MFA) and gives
 * back `refund`, the answer's reserved bucket token (attempt-buckets.ts
 * refundBucketToken), and stores `events` (audit rows, in order) on the
 * family recorded: the grant's audit commits or rolls back with it, in no
 * statement of its own. With `stepClaim`, the TOTP step the answer used is
 * claimed in the same statement (claimTotpStepSql): `stepClaimed` false
 * when it was used already (the caller's transaction then rolls back).
 * `consumed` false: nothing was written; `family` undefined: the family is
 * revoked (the caller's transaction then rolls the consumption back).
 */
export async function consumeMfaTokenIntoFamily(
  tx: SqlClient,
  token: { hash: string; familyId: string; maxAnswers: number },
  methods: string[],
  now: number,
  refund?: { key: string; capacity: number },
  events: readonly AuditEventRow[] = [],
  stepClaim?: { authenticatorId: string; step: number },
): Promise<
  | { consumed: false }
  | { consumed: true; family: RefreshFamilyRow | undefined; stepClaimed?: boolean }
> {
  const rows = await tx.query<RefreshFamilyRow & { consumed: number; step_claimed: number }>(
    `WITH consumed AS (
       UPDATE mfa_tokens SET consumed_at = $3, failed_attempts = GREATEST(failed_attempts - 1, 0)
       WHERE token_hash = $5 AND consumed_at IS NULL AND expires_at > $3 AND failed_attempts <= $6
       RETURNING token_hash
     ), recorded AS (
       UPDATE refresh_families SET ${RECORD_MFA}
       WHERE id = $1 AND revoked_at IS NULL AND EXISTS (SELECT 1 FROM consumed)
       RETURNING ${familyColumns("refresh_families")}
     ), refunded AS (
       UPDATE attempt_buckets SET tokens = LEAST($8::float8, tokens + 1)
       WHERE key = $7 AND EXISTS (SELECT 1 FROM consumed)
     ), audited AS (
       INSERT INTO audit_events (id, user_id, type, authenticator_id, authenticator_type,
         client_id, actor, created_at)
       SELECT e.id, e.user_id, e.type, e.authenticator_id, e.authenticator_type, e.client_id,
         e.actor, e.created_at
       FROM ROWS FROM (jsonb_to_recordset($9::jsonb) AS (id text, user_id text, type text,
         authenticator_id text, authenticator_type text, client_id text, actor text,
         created_at bigint)) WITH ORDINALITY AS e(id, user_id, type, authenticator_id,
         authenticator_type, client_id, actor, created_at, n)
       WHERE EXISTS (SELECT 1 FROM recorded)
       ORDER BY e.n
     ), claimed AS (
       ${claimTotpStepSql({ id: "$10", step: "$11::bigint", now: "$3" })}
     )
     SELECT (SELECT count(*) FROM consumed)::int AS consumed,
       (SELECT count(*) FROM claimed)::int AS step_claimed, ${familyColumns("recorded")}
     FROM (SELECT 1) AS one LEFT JOIN recorded ON true`,
    [
      token.familyId,
      methods,
      now,
      JSON.stringify(timesOf(methods, now)),
      token.hash,
      token.maxAnswers,
      refund?.key ?? null,
      refund?.capacity ?? null,
      JSON.stringify(events),
      stepClaim?.authenticatorId ?? null,
      stepClaim?.step ?? null,
    ],
  );
  const { consumed, step_claimed, ...family } = rows[0]!;
  if (Number(consumed) === 0) return { consumed: false };
  return {
    consumed: true,
    family: family.id === null ? undefined : family,
    ...(stepClaim ? { stepClaimed: Number(step_claimed) === 1 } : {}),
  };
}

/** `{method: at}` for the MFA methods among `methods` ("mfa" itself and "pwd" are not methods of an MFA). */
export function timesOf(methods: readonly string[], at: number): Record<string, number> {
  const times: Record<string, number> = {};
  for (const method of methods) if (method !== "mfa" && method !== "pwd") times[method] = at;
  return times;
}
