import type { IssuerApi } from "../options.js";

/** The authentication a refresh family carries. */
export interface FamilyAuthentication {
  amr: string[];
  /** Epoch ms of the last completed MFA, or null. */
  lastMfaAt: number | null;
}

/**
 * Does the family's authentication satisfy the audience's policy? An API with
 * `requireMfa` needs "mfa" in amr and, with a `maxAge`, an MFA at most that old.
 * A request `max_age` always asks for an MFA at most that old (the SDK's way to
 * force a fresh step-up), tightening the policy's own.
 */
export function meetsPolicy(
  auth: FamilyAuthentication,
  api: IssuerApi | undefined,
  requestMaxAge: number | undefined,
  now: number,
): boolean {
  const needsMfa = Boolean(api?.requireMfa) || requestMaxAge !== undefined;
  if (!needsMfa) return true;
  if (!auth.amr.includes("mfa") || auth.lastMfaAt === null) return false;
  const limits = [api?.requireMfa ? api.maxAge : undefined, requestMaxAge].filter(
    (value): value is number => value !== undefined,
  );
  if (limits.length === 0) return true;
  const maxAge = Math.min(...limits);
  return now - auth.lastMfaAt <= maxAge * 1000;
}

/** `acr` values (OIDC Core §2): multi-factor per the PAPE URI Auth0 also uses. */
export const ACR = {
  mfa: "http://schemas.openid.net/pape/policies/2007/06/multi-factor",
  password: "urn:next-stepup:acr:pwd",
} as const;

export function acrFor(amr: string[]): string {
  return amr.includes("mfa") ? ACR.mfa : ACR.password;
}
