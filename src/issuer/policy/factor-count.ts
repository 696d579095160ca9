import type { MfaRequirements } from "../../errors/index.js";
import type { FactorType } from "../../types/factor-type.js";
import { enrollableFactorNames, factorUsed } from "../factors/registry.js";
import type { IssuerApi } from "../options.js";
import { allowedFactors } from "./audience-policy.js";

/**
 * Factors that count toward the audience's `mfaFactorCount`: its allowed
 * factors except a recovery code. A recovery code is a stand-in for a lost
 * factor, handed out when the first factor was enrolled and usually kept next
 * to it; it proves nothing independent of that factor, so counting it would
 * let one device plus its own backup codes pass as two factors.
 */
export function countableFactors(api: IssuerApi | undefined): FactorType[] {
  const enrollable = new Set(enrollableFactorNames());
  return [...allowedFactors(api)].filter((factor) => enrollable.has(factor));
}

/** The countable factors the family's amr shows it used (amr accumulates over a family). */
export function distinctFactorsUsed(
  api: IssuerApi | undefined,
  amr: readonly string[],
): FactorType[] {
  return countableFactors(api).filter((factor) => factorUsed(factor, amr));
}

/**
 * How many more distinct factors the family must use for the audience: 0
 * unless `mfaFactorCount` is above 1 (a count of 1 is `requireMfa`'s job,
 * where a recovery code still serves).
 */
export function missingFactorCount(api: IssuerApi | undefined, amr: readonly string[]): number {
  const wanted = api?.mfaFactorCount ?? 1;
  if (wanted <= 1) return 0;
  return Math.max(0, wanted - distinctFactorsUsed(api, amr).length);
}

/**
 * Requirements for a further factor: the user's confirmed countable factors
 * not yet used (`challenge`), or when there is none, the countable factors
 * they could enroll (`enroll`). `userRequirements` is what the user has now
 * (computeRequirements, already limited to the audience's factors).
 */
export function furtherFactorRequirements(
  userRequirements: MfaRequirements,
  api: IssuerApi | undefined,
  used: readonly FactorType[],
): MfaRequirements {
  const countable = new Set<string>(countableFactors(api));
  const isNew = (type: string) => countable.has(type) && !used.includes(type as FactorType);
  const challenge = (userRequirements.challenge ?? []).filter((entry) => isNew(entry.type));
  if (challenge.length > 0) return { challenge };
  const have = new Set((userRequirements.challenge ?? []).map((entry) => entry.type));
  const enroll = enrollableFactorNames()
    .filter((type) => isNew(type) && !have.has(type))
    .map((type) => ({
      type,
    }));
  return { enroll };
}
