import type { IssuerDeps } from "../../deps.js";
import type { PendingAuthorization } from "../../store/authorization-requests.js";
import {
  checkGrantPolicy,
  lastAcceptedMfaAt,
  type GrantAuthentication,
} from "../../policy/grant-policy.js";
import { ACR } from "../policy.js";
import { splitScope } from "../scopes.js";

/** What an /authorize request asks of the MFA step. */
export interface MfaRequirement {
  required: boolean;
  /** Seconds the last MFA may be old; undefined: any MFA of the session counts. */
  maxAge?: number;
}

/**
 * The MFA an /authorize request needs: `acr_values` naming the PAPE
 * multi-factor policy, or an audience whose policy has `requireMfa`. Freshness
 * is the tighter of the audience's `maxAge` and the request's `max_age`
 * (OIDC Core §3.1.2.1: max_age bounds the whole authentication, so when MFA is
 * part of it the MFA must be that recent too). `max_age` alone never asks for
 * MFA at /authorize: it only re-asks for the password.
 */
export function mfaRequirement(pending: PendingAuthorization, deps: IssuerDeps): MfaRequirement {
  const api = pending.audience ? deps.apis.get(pending.audience) : undefined;
  const acrWantsMfa = splitScope(pending.acrValues).includes(ACR.mfa);
  const required = acrWantsMfa || Boolean(api?.requireMfa);
  if (!required) return { required };
  const limits = [api?.requireMfa ? api.maxAge : undefined, pending.maxAge].filter(
    (value): value is number => value !== undefined,
  );
  return limits.length > 0 ? { required, maxAge: Math.min(...limits) } : { required };
}

/** Does a session's last MFA (epoch ms or null) satisfy the requirement at `now`? */
export function mfaSatisfied(
  requirement: MfaRequirement,
  lastMfaAt: number | null,
  now: number,
): boolean {
  if (!requirement.required) return true;
  if (lastMfaAt === null) return false;
  return requirement.maxAge === undefined || now - lastMfaAt <= requirement.maxAge * 1000;
}

/**
 * Must the hosted sign-in run the MFA step before it issues a code? The same
 * policy as every grant (grant-policy.ts: global enforcement, then an MFA
 * with one of the audience's factors, fresh enough), plus what the request
 * itself asks (`acr_values`, `max_age`). A count of distinct factors is met
 * through the chained MFA grants afterwards, never here.
 */
export async function hostedMfaNeeded(
  deps: IssuerDeps,
  pending: PendingAuthorization,
  userId: string,
  auth: GrantAuthentication,
  now: number,
): Promise<boolean> {
  const requirement = mfaRequirement(pending, deps);
  const api = pending.audience ? deps.apis.get(pending.audience) : undefined;
  const shortfall = await checkGrantPolicy(deps, deps.db, {
    userId,
    api,
    auth,
    requestMaxAge: requirement.required ? requirement.maxAge : undefined,
    now,
  });
  if (shortfall === "enforcement" || shortfall === "audience") return true;
  return !mfaSatisfied(requirement, lastAcceptedMfaAt(api, auth), now);
}
