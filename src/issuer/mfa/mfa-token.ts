import { StepUpError, TooManyAttemptsError } from "../../errors/index.js";
import { randomId, sha256Hex } from "../crypto/hash.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import { bucketWaitSeconds } from "../store/attempt-buckets.js";
import { findMfaToken, insertMfaToken, type MfaTokenRow } from "../store/mfa-tokens.js";
import type { SqlClient } from "../store/sql-client.js";

/**
 * Mints an opaque mfa_token (32 random bytes), stored only as its hash, valid
 * 300 s from `now`. `db` lets a grant mint it inside its transaction.
 */
export async function createMfaToken(
  deps: IssuerDeps,
  binding: { userId: string; clientId: string; audience: string; scope: string; familyId: string },
  db: SqlClient = deps.db,
  now: number = deps.clock(),
  chained = false,
): Promise<string> {
  const token = randomId(32);
  await insertMfaToken(db, {
    token_hash: sha256Hex(token),
    user_id: binding.userId,
    client_id: binding.clientId,
    audience: binding.audience,
    scope: binding.scope,
    family_id: binding.familyId,
    expires_at: now + LIMITS.mfaTokenTtl * 1000,
    chained,
  });
  return token;
}

/** The bucket key of a user's wrong MFA answers. */
export function userAttemptKey(userId: string): string {
  return `mfa:${userId}`;
}

/**
 * Looks up a presented mfa_token.
 * @throws invalid_token (401) unknown, or issued to another client than `clientId`
 * @throws expired_token (401) expired or already consumed
 * @throws too_many_attempts (429) its wrong-answer budget is spent (the token is burned)
 */
export async function resolveMfaToken(
  deps: IssuerDeps,
  raw: string | undefined,
  clientId?: string,
): Promise<MfaTokenRow> {
  if (!raw) throw new StepUpError("invalid_token", "Missing mfa_token");
  return checkMfaToken(deps, await findMfaToken(deps.db, sha256Hex(raw)), clientId);
}

/**
 * resolveMfaToken's checks on a stored mfa_token already read (undefined:
 * none under the presented hash), e.g. with the user's authenticators.
 * @throws as resolveMfaToken
 */
export async function checkMfaToken(
  deps: IssuerDeps,
  row: MfaTokenRow | undefined,
  clientId?: string,
): Promise<MfaTokenRow> {
  if (!row || (clientId !== undefined && row.client_id !== clientId))
    throw new StepUpError("invalid_token");
  const now = deps.clock();
  if (row.consumed_at !== null || row.expires_at <= now) throw new StepUpError("expired_token");
  if (row.failed_attempts >= LIMITS.mfaTokenMaxFailures) {
    const wait = await bucketWaitSeconds(
      deps.db,
      userAttemptKey(row.user_id),
      LIMITS.userAttemptBucket,
      now,
    );
    // A burned token never works again; the wait is for a new step-up.
    throw new TooManyAttemptsError(Math.max(LIMITS.userAttemptBucket.refillMs / 1000, wait));
  }
  return row;
}
