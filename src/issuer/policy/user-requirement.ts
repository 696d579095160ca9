import type { IssuerDeps } from "../deps.js";
import { listAuthenticators } from "../factors/otp/store.js";
import { findMfaExemption } from "../store/mfa-exemptions.js";
import { findUserById } from "../store/users.js";
import { factorNameOf } from "./audience-policy.js";
import { loginMfaRequirement, type LoginMfaRequirement } from "./login-requirement.js";

/** loginMfaRequirement for a stored user, with the issuer's enforcement settings. */
export async function userMfaRequirement(
  deps: IssuerDeps,
  userId: string,
  now: number,
): Promise<LoginMfaRequirement> {
  if (deps.mfaEnforcement.mode === "optional") return "none";
  const user = await findUserById(deps.db, userId);
  if (!user) return "none";
  const factors = (await listAuthenticators(deps.db, userId))
    .filter((row) => row.confirmed_at !== null)
    .map((row) => factorNameOf(row.type));
  return loginMfaRequirement(
    { createdAt: Number(user.created_at) },
    factors,
    await findMfaExemption(deps.db, userId),
    {
      mfaEnforcement: deps.mfaEnforcement.mode,
      mfaGracePeriodDays: deps.mfaEnforcement.gracePeriodDays,
      enforcementStartedAt: deps.mfaEnforcement.startedAt,
    },
    now,
  );
}
