import {
  MfaRequiredError,
  StepUpError,
  TooManyAttemptsError,
  type MfaRequirements,
} from "../../errors/index.js";
import { sha256Hex } from "../crypto/hash.js";
import { recordEvent } from "../audit/record-event.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import type { FactorType } from "../../types/factor-type.js";
import { allowedFactors, apiFor } from "../policy/audience-policy.js";
import {
  distinctFactorsUsed,
  furtherFactorRequirements,
  missingFactorCount,
} from "../policy/factor-count.js";
import { issueTokens } from "../oauth/tokens.js";
import { bucketWaitSeconds, takeBucketToken } from "../store/attempt-buckets.js";
import { consumeMfaToken, recordMfaTokenFailure, type MfaTokenRow } from "../store/mfa-tokens.js";
import { recordFamilyMfa, rotateFamilyTokens } from "../store/refresh-tokens.js";
import type { SqlClient } from "../store/sql-client.js";
import { createMfaToken, userAttemptKey } from "./mfa-token.js";
import { computeRequirements } from "./requirements.js";

/** Thrown inside the transaction to roll it back when the factor refuses the answer. */
class WrongAnswer extends Error {}

export interface FactorCheck {
  /** amr values the factor adds, besides "mfa" (RFC 8176). */
  methods: string[];
  /**
   * Spends the answer inside the grant's transaction (claim the TOTP step, use
   * the recovery code). Returns false when the answer is wrong or replayed.
   */
  commit(tx: SqlClient, now: number): Promise<boolean>;
  /** Extra fields of the token answer, computed after commit. */
  extra?(tx: SqlClient): Promise<Record<string, unknown>>;
  /**
   * The factor used, for the audience's allowed `factors` and the audit log;
   * `enrolled` when this answer confirms a pending enrollment.
   */
  audit?: { authenticatorId: string; authenticatorType: FactorType; enrolled?: boolean };
}

/** Refuses early when the user's attempt bucket is empty. @throws too_many_attempts (429) */
export async function assertUserBudget(deps: IssuerDeps, userId: string): Promise<void> {
  const wait = await bucketWaitSeconds(
    deps.db,
    userAttemptKey(userId),
    LIMITS.userAttemptBucket,
    deps.clock(),
  );
  if (wait > 0) throw new TooManyAttemptsError(wait);
}

/**
 * Counts a wrong answer against the mfa_token (5 allowed, then it is burned)
 * and the user's bucket, and throws.
 * @throws invalid_grant (403), or too_many_attempts (429) when the bucket ran dry
 */
export async function rejectAnswer(
  deps: IssuerDeps,
  token: MfaTokenRow,
  factorType?: FactorType,
): Promise<never> {
  await recordMfaTokenFailure(deps.db, token.token_hash);
  const wait = await takeBucketToken(
    deps.db,
    userAttemptKey(token.user_id),
    LIMITS.userAttemptBucket,
    deps.clock(),
  );
  const event = {
    userId: token.user_id,
    clientId: token.client_id,
    actor: "user" as const,
    ...(factorType ? { authenticatorType: factorType } : {}),
  };
  await recordEvent(deps, { ...event, type: "mfa.failed" });
  if (wait > 0) {
    await recordEvent(deps, { ...event, type: "mfa.locked_out" });
    throw new TooManyAttemptsError(wait);
  }
  throw new StepUpError("invalid_grant", "Invalid code");
}

/** The transaction's outcome: tokens, or the next link of a chain. */
type Completion =
  | { kind: "tokens"; body: Record<string, unknown> }
  | { kind: "chain"; mfaToken: string; requirements: MfaRequirements };

/**
 * Finishes an MFA grant in one transaction: consume the mfa_token (atomic, first
 * wins), spend the factor's answer, record the MFA on the refresh family (amr +
 * "mfa" + method, auth_time and last-MFA time = now), retire the family's live
 * refresh tokens and mint tokens for the mfa_token's audience and scope.
 * When the audience's `mfaFactorCount` wants more distinct factors than the
 * family has now used, the MFA is still recorded but the answer is
 * mfa_required with a new mfa_token (same binding) for another factor
 * (chained MFA); the family's refresh tokens stay live, as no new one is issued.
 * @throws mfa_required (403) the chain's next link
 */
export async function completeMfaGrant(
  deps: IssuerDeps,
  token: MfaTokenRow,
  factor: FactorCheck,
): Promise<Record<string, unknown>> {
  const api = apiFor(deps, token.audience);
  // A factor the audience does not accept cannot satisfy it (PROTOCOL.md: "factor disabled").
  if (factor.audit && !allowedFactors(api).has(factor.audit.authenticatorType)) {
    throw new StepUpError(
      "unsupported_challenge_type",
      "This factor is not allowed for the audience",
    );
  }
  const now = deps.clock();
  let outcome: Completion;
  try {
    outcome = await deps.db.transaction(async (tx): Promise<Completion> => {
      if (!(await consumeMfaToken(tx, token.token_hash, now, LIMITS.mfaTokenMaxFailures))) {
        throw new StepUpError("expired_token");
      }
      if (!(await factor.commit(tx, now))) throw new WrongAnswer();
      const family = await recordFamilyMfa(tx, token.family_id, ["mfa", ...factor.methods], now);
      if (!family) throw new StepUpError("invalid_grant", "The refresh token was revoked");
      if (missingFactorCount(api, family.amr) > 0) {
        // Marked chained: /mfa/associate lets it add a further factor (isChainedMfaToken).
        const mfaToken = await createMfaToken(
          deps,
          {
            userId: token.user_id,
            clientId: token.client_id,
            audience: token.audience,
            scope: token.scope,
            familyId: family.id,
          },
          tx,
          now,
          true,
        );
        const current = await computeRequirements(deps, tx, token.user_id, allowedFactors(api));
        const used = distinctFactorsUsed(api, family.amr);
        return {
          kind: "chain",
          mfaToken,
          requirements: furtherFactorRequirements(current, api, used),
        };
      }
      await rotateFamilyTokens(tx, family.id, now);
      const body = await issueTokens(tx, deps, {
        family,
        audience: token.audience,
        scope: token.scope,
        withRefreshToken: true,
      });
      return { kind: "tokens", body: { ...body, ...(factor.extra ? await factor.extra(tx) : {}) } };
    });
  } catch (error) {
    if (error instanceof WrongAnswer)
      return rejectAnswer(deps, token, factor.audit?.authenticatorType);
    throw error;
  }
  await recordVerification(deps, token, factor.audit);
  if (outcome.kind === "chain") {
    throw new MfaRequiredError(outcome.mfaToken, outcome.requirements, {
      description: "A further factor is required",
    });
  }
  return outcome.body;
}

async function recordVerification(
  deps: IssuerDeps,
  token: MfaTokenRow,
  audit: FactorCheck["audit"],
): Promise<void> {
  const event = {
    userId: token.user_id,
    clientId: token.client_id,
    actor: "user" as const,
    ...(audit
      ? { authenticatorId: audit.authenticatorId, authenticatorType: audit.authenticatorType }
      : {}),
  };
  if (audit?.enrolled) await recordEvent(deps, { ...event, type: "mfa.enrolled" });
  await recordEvent(deps, { ...event, type: "mfa.verified" });
  if (audit?.authenticatorType === "recovery-code") {
    await recordEvent(deps, { ...event, type: "mfa.recovery_code_used" });
  }
}

/** The hash under which an mfa_token is stored (exported for tests). */
export const hashMfaToken = sha256Hex;
