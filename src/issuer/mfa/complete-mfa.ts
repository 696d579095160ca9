import { MfaRequiredError, StepUpError, type MfaRequirements } from "../../errors/index.js";
import { sha256Hex } from "../crypto/hash.js";
import { auditRowOf, newEvent, notifyEvent } from "../audit/record-event.js";
import type { IssuerEvent, IssuerEventType } from "../options.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import type { FactorType } from "../../types/factor-type.js";
import { allowedFactors, apiFor } from "../policy/audience-policy.js";
import { distinctFactorsUsed, furtherFactorRequirements } from "../policy/factor-count.js";
import { checkGrantPolicy, familyAuthentication } from "../policy/grant-policy.js";
import { signTokenResponse, storeRefreshToken } from "../oauth/tokens.js";
import type { MfaTokenRow } from "../store/mfa-tokens.js";
import { consumeMfaTokenIntoFamily, type RefreshFamilyRow } from "../store/refresh-tokens.js";
import type { SqlClient } from "../store/sql-client.js";
import { WrongAnswer, type AnswerOwner, type AnswerRefund } from "./answer-budget.js";
import { createMfaToken } from "./mfa-token.js";
import { computeRequirements } from "./requirements.js";

export interface FactorCheck {
  /** amr values the factor adds, besides "mfa" (RFC 8176). */
  methods: string[];
  /**
   * Spends the answer inside the grant's transaction (claim the TOTP step, use
   * the recovery code). Returns false when the answer is wrong or replayed.
   */
  commit(tx: SqlClient, now: number): Promise<boolean>;
  /**
   * A TOTP step to claim (claimTotpStep's compare-and-set) in the statement
   * that consumes the mfa_token, one round trip fewer than in `commit`; a
   * step used already is a wrong answer.
   */
  stepClaim?: { authenticatorId: string; step: number };
  /** Extra fields of the token answer, computed after commit. */
  extra?(tx: SqlClient): Promise<Record<string, unknown>>;
  /**
   * The factor used, for the audience's allowed `factors` and the audit log;
   * `enrolled` when this answer confirms a pending enrollment.
   */
  audit?: { authenticatorId: string; authenticatorType: FactorType; enrolled?: boolean };
  /** The answer's reserved bucket token (withAnswerBudget), given back in the grant's transaction. */
  refund?: AnswerRefund;
}

/**
 * Refuses a factor the audience does not accept, before any answer is
 * checked (PROTOCOL.md: "factor disabled"), so a restricted API is no oracle
 * for another factor's codes.
 * @throws unsupported_challenge_type (400)
 */
export function assertFactorAllowed(deps: IssuerDeps, token: MfaTokenRow, type: FactorType): void {
  if (!allowedFactors(apiFor(deps, token.audience)).has(type)) {
    throw new StepUpError(
      "unsupported_challenge_type",
      "This factor is not allowed for the audience",
    );
  }
}

/** The budgets an answer on `token` spends (see withAnswerBudget). */
export function answerOwner(token: MfaTokenRow): AnswerOwner {
  return { userId: token.user_id, clientId: token.client_id, mfaTokenHash: token.token_hash };
}

/** The transaction's outcome: tokens, or the next link of a chain. */
type Completion =
  | {
      kind: "tokens";
      family: RefreshFamilyRow;
      refreshToken: string;
      extra: Record<string, unknown>;
    }
  | { kind: "chain"; mfaToken: string; requirements: MfaRequirements };

/**
 * Finishes an MFA grant in one transaction: consume the mfa_token (atomic, first
 * wins) and record the MFA on the refresh family (amr + "mfa" + method,
 * auth_time and last-MFA time = now) and store its audit events in one
 * statement (the `onEvent` hook hears them after commit), spend the factor's
 * answer, retire the family's live
 * refresh tokens and mint one; the tokens for the mfa_token's audience and
 * scope are signed after commit.
 * The one grant policy (grant-policy.ts) then decides on the family as it
 * now is. When it still falls short (the audience's `mfaFactorCount` wants
 * more distinct factors than the family has now used), the MFA is still
 * recorded but the answer is mfa_required with a new mfa_token (same
 * binding) for another factor (chained MFA); the family's refresh tokens
 * stay live, as no new one is issued.
 * @throws mfa_required (403) the chain's next link
 */
export async function completeMfaGrant(
  deps: IssuerDeps,
  token: MfaTokenRow,
  factor: FactorCheck,
): Promise<Record<string, unknown>> {
  const api = apiFor(deps, token.audience);
  // A factor the audience does not accept cannot satisfy it (the grants check first too).
  if (factor.audit) assertFactorAllowed(deps, token, factor.audit.authenticatorType);
  const now = deps.clock();
  // Stored by the statement that consumes the mfa_token: they commit with the grant.
  const events = verificationEvents(deps, token, factor.audit, now);
  const outcome = await deps.db.transaction(async (tx): Promise<Completion> => {
    const spent = await consumeMfaTokenIntoFamily(
      tx,
      { hash: token.token_hash, familyId: token.family_id, maxAnswers: LIMITS.mfaTokenMaxFailures },
      ["mfa", ...factor.methods],
      now,
      factor.refund,
      events.map(auditRowOf),
      factor.stepClaim,
    );
    if (!spent.consumed) throw new StepUpError("expired_token");
    const { family } = spent;
    if (!family) throw new StepUpError("invalid_grant", "The refresh token was revoked");
    // A wrong or replayed answer rolls the transaction back; withAnswerBudget judges it.
    if (spent.stepClaimed === false || !(await factor.commit(tx, now))) throw new WrongAnswer();
    // The one grant policy, on the family as this MFA left it (inside the
    // transaction: a first factor confirmed just now must count).
    const shortfall = await checkGrantPolicy(deps, tx, {
      userId: token.user_id,
      api,
      auth: familyAuthentication(family),
      now,
    });
    if (shortfall) {
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
        requirements:
          shortfall === "factor_count"
            ? furtherFactorRequirements(current, api, used, deps.devMode)
            : current,
      };
    }
    const refreshToken = await storeRefreshToken(tx, deps, family.id, now);
    const extra = factor.extra ? await factor.extra(tx) : {};
    return { kind: "tokens", family, refreshToken, extra };
  });
  // Committed: the answer's bucket token went back with it.
  if (factor.refund) factor.refund.done = true;
  for (const event of events) await notifyEvent(deps, event);
  if (outcome.kind === "chain") {
    throw new MfaRequiredError(outcome.mfaToken, outcome.requirements, {
      description: "A further factor is required",
    });
  }
  return signTokenResponse(deps, {
    family: outcome.family,
    audience: token.audience,
    scope: token.scope,
    refreshToken: outcome.refreshToken,
    extra: outcome.extra,
  });
}

/**
 * The audit events of a verification (enrolled when it confirmed a pending
 * factor, verified, recovery_code_used), in the order they are stored.
 */
function verificationEvents(
  deps: IssuerDeps,
  token: MfaTokenRow,
  audit: FactorCheck["audit"],
  now: number,
): IssuerEvent[] {
  const event = {
    userId: token.user_id,
    clientId: token.client_id,
    actor: "user" as const,
    ...(audit
      ? { authenticatorId: audit.authenticatorId, authenticatorType: audit.authenticatorType }
      : {}),
  };
  const types: IssuerEventType[] = [
    ...(audit?.enrolled ? (["mfa.enrolled"] as const) : []),
    "mfa.verified",
    ...(audit?.authenticatorType === "recovery-code" ? (["mfa.recovery_code_used"] as const) : []),
  ];
  return types.map((type) => newEvent(deps, { ...event, type }, now));
}

/** The hash under which an mfa_token is stored (exported for tests). */
export const hashMfaToken = sha256Hex;
