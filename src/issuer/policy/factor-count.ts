import type { FactorType, MfaRequirements } from "../../errors/index.js";
import type { FactorName, IssuerApi } from "../options.js";
import { allowedFactors, FACTOR_AMR } from "./audience-policy.js";

/**
 * Factors a user can add through /mfa/associate (webauthn has no enrollment
 * endpoint on this issuer yet, so it is never offered in `enroll`).
 */
const ENROLLABLE: readonly FactorType[] = ["otp", "email", "sms"];

/**
 * Factors that count toward the audience's `mfaFactorCount`: its allowed
 * factors except a recovery code. A recovery code is a stand-in for a lost
 * factor, handed out when the first factor was enrolled and usually kept next
 * to it; it proves nothing independent of that factor, so counting it would
 * let one device plus its own backup codes pass as two factors.
 */
export function countableFactors(api: IssuerApi | undefined): FactorName[] {
  return [...allowedFactors(api)].filter((factor) => factor !== "recovery-code");
}

/** The countable factors the family's amr shows it used (amr accumulates over a family). */
export function distinctFactorsUsed(
  api: IssuerApi | undefined,
  amr: readonly string[],
): FactorName[] {
  return countableFactors(api).filter((factor) => amr.includes(FACTOR_AMR[factor]));
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
  used: readonly FactorName[],
): MfaRequirements {
  const countable = new Set<string>(countableFactors(api));
  const isNew = (type: string) => countable.has(type) && !used.includes(type as FactorName);
  const challenge = (userRequirements.challenge ?? []).filter((entry) => isNew(entry.type));
  if (challenge.length > 0) return { challenge };
  const have = new Set((userRequirements.challenge ?? []).map((entry) => entry.type));
  const enroll = ENROLLABLE.filter((type) => isNew(type) && !have.has(type)).map((type) => ({
    type,
  }));
  return { enroll };
}
