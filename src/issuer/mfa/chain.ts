import { StepUpError } from "../../errors/index.js";
import type { IssuerDeps } from "../deps.js";
import type { FactorType } from "../../types/factor-type.js";
import { apiFor } from "../policy/audience-policy.js";
import { missingFactorCount } from "../policy/factor-count.js";
import type { MfaTokenRow } from "../store/mfa-tokens.js";
import { findRefreshFamily } from "../store/refresh-tokens.js";
import { computeRequirements } from "./requirements.js";

/**
 * Was this mfa_token minted by an MFA grant as the next link of a chain (the
 * audience wants more distinct factors than the family has used)? The grant
 * stores the mark with the token; the family must still be live and still
 * short of factors.
 */
export async function isChainedMfaToken(deps: IssuerDeps, token: MfaTokenRow): Promise<boolean> {
  if (!token.chained) return false;
  const family = await findRefreshFamily(deps.db, token.family_id);
  if (!family || family.revoked_at !== null || family.last_mfa_at === null) return false;
  if (family.user_id !== token.user_id) return false;
  return missingFactorCount(apiFor(deps, token.audience), family.amr) > 0;
}

/**
 * May this mfa_token enroll `type` although the user has a confirmed factor?
 * Only a chained token: its chain just verified one of the user's factors,
 * which is the proof an MFA API access token otherwise gives. A type the user
 * already has would not add a distinct factor.
 * @throws already_enrolled (409) otherwise
 */
export async function assertMayAddFactor(
  deps: IssuerDeps,
  token: MfaTokenRow,
  type: FactorType,
): Promise<void> {
  if (!(await isChainedMfaToken(deps, token))) throw new StepUpError("already_enrolled");
  const current = await computeRequirements(deps, deps.db, token.user_id);
  if (current.challenge?.some((entry) => entry.type === type)) {
    throw new StepUpError("already_enrolled", `A ${type} factor is already enrolled`);
  }
}
