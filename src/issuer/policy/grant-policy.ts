import type { FactorType } from "../../types/factor-type.js";
import type { IssuerDeps } from "../deps.js";
import { findFactor } from "../factors/registry.js";
import type { IssuerApi } from "../options.js";
import type { SqlClient } from "../store/sql-client.js";
import { missingFactorCount } from "./factor-count.js";
import { userMfaRequirement } from "./user-requirement.js";

/** The authentication a grant would issue a token on (a refresh family, a code, a login session). */
export interface GrantAuthentication {
  amr: readonly string[];
  /** Epoch ms of the last completed MFA, whatever the factor, or null. */
  lastMfaAt: number | null;
  /**
   * Epoch ms of the last use of each MFA method (amr value → time). Null on
   * records made before it was kept: every method in amr then counts as used
   * at `lastMfaAt`.
   */
  mfaTimes: Readonly<Record<string, number>> | null;
}

/**
 * Why a token may not be issued:
 * - "enforcement": global `mfaEnforcement: "required"` wants an MFA (or a
 *   first factor) that this authentication lacks;
 * - "audience": the audience wants an MFA with one of its `factors`, at most
 *   its `maxAge` (or the request's `max_age`) old;
 * - "factor_count": the audience wants more distinct factors (`mfaFactorCount`).
 */
export type GrantShortfall = "enforcement" | "audience" | "factor_count";

export interface GrantPolicyInput {
  userId: string;
  /** The audience's policy; undefined for an audience without one (userinfo). */
  api: IssuerApi | undefined;
  auth: GrantAuthentication;
  /** A request's `max_age` (s): asks for an MFA at most that old. */
  requestMaxAge?: number | undefined;
  now: number;
}

/**
 * THE decision on every grant (refresh token, authorization code, each MFA
 * grant) and on the hosted sign-in before it issues a code: may a token for
 * this audience be issued on this authentication? Undefined when it may,
 * else what falls short. `db` may be the grant's transaction (an MFA grant
 * that just confirmed a first factor must see it).
 */
export async function checkGrantPolicy(
  deps: IssuerDeps,
  db: SqlClient,
  input: GrantPolicyInput,
): Promise<GrantShortfall | undefined> {
  const enforced = await userMfaRequirement(deps, input.userId, input.now, db);
  if (enforced === "enroll" || (enforced === "challenge" && !input.auth.amr.includes("mfa"))) {
    return "enforcement";
  }
  return audienceShortfall(input.api, input.auth, input.requestMaxAge, input.now);
}

/**
 * The audience half of checkGrantPolicy, pure: an API with `requireMfa` (or a
 * request `max_age`, the SDK's way to force a fresh step-up) needs an MFA
 * with a factor the API accepts, at most the tighter of the two ages old;
 * then the distinct-factor count.
 */
export function audienceShortfall(
  api: IssuerApi | undefined,
  auth: GrantAuthentication,
  requestMaxAge: number | undefined,
  now: number,
): "audience" | "factor_count" | undefined {
  const needsMfa = Boolean(api?.requireMfa) || requestMaxAge !== undefined;
  if (needsMfa) {
    const at = lastAcceptedMfaAt(api, auth);
    if (at === null) return "audience";
    const limits = [api?.requireMfa ? api.maxAge : undefined, requestMaxAge].filter(
      (value): value is number => value !== undefined,
    );
    if (limits.length > 0 && now - at > Math.min(...limits) * 1000) return "audience";
  }
  return missingFactorCount(api, auth.amr) > 0 ? "factor_count" : undefined;
}

/**
 * Epoch ms of the latest MFA done with a factor the audience accepts, or
 * null. An MFA with another factor never counts, however recent: an API
 * limited to passkeys is not satisfied by a TOTP code, on any path.
 */
export function lastAcceptedMfaAt(
  api: IssuerApi | undefined,
  auth: GrantAuthentication,
): number | null {
  if (!auth.amr.includes("mfa") || auth.lastMfaAt === null) return null;
  if (!api?.factors) return auth.lastMfaAt;
  let latest: number | null = null;
  for (const value of acceptedAmrValues(api.factors)) {
    const at = auth.mfaTimes
      ? auth.mfaTimes[value]
      : auth.amr.includes(value)
        ? auth.lastMfaAt
        : undefined;
    if (typeof at === "number" && (latest === null || at > latest)) latest = at;
  }
  return latest;
}

/** Whether any factor the audience accepts was used (times aside). */
export function usedAcceptedFactor(api: IssuerApi | undefined, amr: readonly string[]): boolean {
  if (!api?.factors) return true;
  return acceptedAmrValues(api.factors).some((value) => amr.includes(value));
}

function acceptedAmrValues(factors: readonly FactorType[]): string[] {
  return factors.flatMap((name) => findFactor(name)?.amr ?? []);
}

/** The authentication of a stored refresh family (or authorization code). */
export function familyAuthentication(row: {
  amr: string[];
  last_mfa_at: number | null;
  mfa_times: Record<string, number> | null;
}): GrantAuthentication {
  return { amr: row.amr, lastMfaAt: row.last_mfa_at, mfaTimes: row.mfa_times };
}
