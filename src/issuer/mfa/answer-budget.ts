import { MfaRequiredError, StepUpError, TooManyAttemptsError } from "../../errors/index.js";
import type { FactorType } from "../../types/factor-type.js";
import { recordEvent } from "../audit/record-event.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import {
  bucketWaitSeconds,
  refundBucketToken,
  reserveBucketToken,
  reserveTokenAnswerAndBucket,
  type BucketReservation,
} from "../store/attempt-buckets.js";
import { findMfaToken, refundMfaTokenAnswer } from "../store/mfa-tokens.js";
import { userAttemptKey } from "./mfa-token.js";

/** Thrown by an answer's check when the answer is wrong or replayed (rolls back its transaction). */
export class WrongAnswer extends Error {}

/**
 * The user's bucket token an answer reserved, for a grant that gives it back
 * inside its own transaction (completeMfaGrant): atomic with the success it
 * pays for, and one statement fewer. `done` once that transaction committed;
 * otherwise withAnswerBudget gives it back itself.
 */
export interface AnswerRefund {
  key: string;
  capacity: number;
  done: boolean;
}

/** Whose answer it is: the user, the client, and the mfa_token it is spent on, if any. */
export interface AnswerOwner {
  userId: string;
  clientId: string;
  /** The hash of the mfa_token whose own budget (LIMITS.mfaTokenMaxFailures) the answer also spends. */
  mfaTokenHash?: string;
}

/**
 * Runs one MFA answer under its budgets, reserved BEFORE the answer is
 * checked (the mfa_token's answers, then the user's bucket, each atomic, in
 * one statement: reserveTokenAnswerAndBucket), so parallel guesses on any number of processes
 * are never checked beyond what the budgets hold. `check` throws WrongAnswer
 * for a wrong answer: both reservations are then spent, the failure audited,
 * and the answer is `invalid_grant`. A right answer gives the user's token
 * back (inside the grant's transaction when `check` hands `refund` to
 * completeMfaGrant; the mfa_token's reservation goes back when the grant
 * consumes it);
 * an answer that was never judged (a store error, a consumed token) gives
 * both back.
 * @throws too_many_attempts (429) a budget is spent, expired_token (401), invalid_grant (403)
 */
export async function withAnswerBudget<T>(
  deps: IssuerDeps,
  owner: AnswerOwner,
  factorType: FactorType,
  check: (refund: AnswerRefund) => Promise<T>,
): Promise<T> {
  const now = deps.clock();
  const key = userAttemptKey(owner.userId);
  const user = await reserveBudgets(deps, owner, key, now);
  if (!user.ok) {
    if (owner.mfaTokenHash !== undefined) await refundMfaTokenAnswer(deps.db, owner.mfaTokenHash);
    throw new TooManyAttemptsError(user.wait);
  }
  const refund: AnswerRefund = { key, capacity: LIMITS.userAttemptBucket.capacity, done: false };
  try {
    const result = await check(refund);
    if (!refund.done) await refundBucketToken(deps.db, key, LIMITS.userAttemptBucket);
    return result;
  } catch (error) {
    if (error instanceof WrongAnswer) {
      const event = {
        userId: owner.userId,
        clientId: owner.clientId,
        actor: "user" as const,
        authenticatorType: factorType,
      };
      await recordEvent(deps, { ...event, type: "mfa.failed" });
      // This answer spent the user's last try: the account is locked out until a refill.
      if (user.remaining < 1) await recordEvent(deps, { ...event, type: "mfa.locked_out" });
      throw new StepUpError("invalid_grant", "Invalid code");
    }
    // A chained MFA follows a right answer; anything else was never judged.
    if (!refund.done) await refundBucketToken(deps.db, key, LIMITS.userAttemptBucket);
    if (!(error instanceof MfaRequiredError) && owner.mfaTokenHash !== undefined) {
      await refundMfaTokenAnswer(deps.db, owner.mfaTokenHash);
    }
    throw error;
  }
}

/**
 * The mfa_token's answer, then the user's bucket token (one statement when
 * there is an mfa_token). Refused on the token: why (refuseSpentToken).
 */
async function reserveBudgets(
  deps: IssuerDeps,
  owner: AnswerOwner,
  key: string,
  now: number,
): Promise<BucketReservation> {
  if (owner.mfaTokenHash === undefined) {
    return reserveBucketToken(deps.db, key, LIMITS.userAttemptBucket, now);
  }
  const answer = { tokenHash: owner.mfaTokenHash, maxAnswers: LIMITS.mfaTokenMaxFailures };
  const reserved = await reserveTokenAnswerAndBucket(
    deps.db,
    answer,
    key,
    LIMITS.userAttemptBucket,
    now,
  );
  if (!reserved.token) return refuseSpentToken(deps, owner.mfaTokenHash, key, now);
  return reserved.bucket;
}

/** Why no answer could be reserved on the mfa_token: consumed or expired meanwhile, or its budget spent. */
async function refuseSpentToken(
  deps: IssuerDeps,
  tokenHash: string,
  key: string,
  now: number,
): Promise<never> {
  const row = await findMfaToken(deps.db, tokenHash);
  if (!row || row.consumed_at !== null || row.expires_at <= now) {
    throw new StepUpError("expired_token");
  }
  // A burned token never works again; the wait is for a new step-up.
  const wait = await bucketWaitSeconds(deps.db, key, LIMITS.userAttemptBucket, now);
  throw new TooManyAttemptsError(Math.max(LIMITS.userAttemptBucket.refillMs / 1000, wait));
}
