import { LIMITS, type IssuerDeps } from "../deps.js";
import { FACTOR_TYPES, type FactorType } from "../../types/factor-type.js";
import type { IssuerApi } from "../options.js";

/** Scopes of the built-in MFA API audience (PROTOCOL.md, MFA API). */
export const MFA_API_SCOPES = [
  "read:authenticators",
  "enroll",
  "remove:authenticators",
  "update:authenticators",
] as const;

/** The built-in MFA API audience `{issuer}/mfa/`: always present, never configured. */
export function mfaApiAudience(deps: Pick<IssuerDeps, "issuer">): string {
  return `${deps.issuer}/mfa/`;
}

/**
 * The policy of an audience: a configured API, or the built-in MFA API, which
 * needs an MFA at most LIMITS.mfaApiMaxAge old (managing factors is as
 * sensitive as the factors themselves).
 */
export function apiFor(deps: IssuerDeps, audience: string): IssuerApi | undefined {
  if (audience === mfaApiAudience(deps)) {
    return {
      audience,
      requireMfa: true,
      maxAge: LIMITS.mfaApiMaxAge,
      scopes: [...MFA_API_SCOPES],
    };
  }
  return deps.apis.get(audience);
}

/** Factors that satisfy the audience's MFA: its `factors`, or all. */
export function allowedFactors(api: IssuerApi | undefined): ReadonlySet<FactorType> {
  return new Set(api?.factors ?? FACTOR_TYPES);
}
