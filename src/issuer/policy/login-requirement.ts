import type { FactorType } from "../../types/factor-type.js";

/** What global enforcement asks of a sign-in: nothing, enroll a first factor, or verify one. */
export type LoginMfaRequirement = "none" | "enroll" | "challenge";

/** The global enforcement settings the decision needs. */
export interface LoginRequirementOptions {
  mfaEnforcement: "optional" | "required";
  /** Days a user without factors may still sign in under "required". */
  mfaGracePeriodDays: number;
  /** Epoch ms when "required" enforcement started (null: unknown, count from user creation only). */
  enforcementStartedAt: number | null;
}

/** An admin's exemption (who/why/when are kept in the store; only presence matters here). */
export interface LoginExemption {
  reason: string;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Global MFA enforcement for one user at `now`, independent of any audience's
 * own policy (which the token endpoint applies on top):
 * - "optional": always "none".
 * - "required": an exempt user → "none"; a user with a confirmed factor →
 *   "challenge"; a user without one → "none" inside the grace period, else
 *   "enroll". The grace period runs from the later of the user's creation and
 *   the start of enforcement, so turning enforcement on does not lock out
 *   existing users at once.
 * Pure: the hosted login pages and the token endpoint both call it.
 * @example
 * loginMfaRequirement({ createdAt }, ["otp"], null, options, Date.now()) // "challenge" under required
 */
export function loginMfaRequirement(
  user: { createdAt: number },
  factors: readonly FactorType[],
  exemption: LoginExemption | null | undefined,
  options: LoginRequirementOptions,
  now: number,
): LoginMfaRequirement {
  if (options.mfaEnforcement !== "required") return "none";
  if (exemption) return "none";
  if (factors.length > 0) return "challenge";
  const graceStart = Math.max(user.createdAt, options.enforcementStartedAt ?? 0);
  return now < graceStart + options.mfaGracePeriodDays * DAY_MS ? "none" : "enroll";
}
