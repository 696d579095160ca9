import type { IssuerDeps } from "../deps.js";
import { activeFactorTypes } from "../mfa/requirements.js";
import { findMfaExemption } from "../store/mfa-exemptions.js";
import type { SqlClient } from "../store/sql-client.js";
import { findUserById } from "../store/users.js";
import { enrollableFactorNames } from "../factors/registry.js";
import { loginMfaRequirement, type LoginMfaRequirement } from "./login-requirement.js";

/**
 * loginMfaRequirement for a stored user, with the issuer's enforcement
 * settings. Every factor of the registry counts (an email-only user has a
 * factor); a recovery code alone does not. `db` may be a transaction.
 */
export async function userMfaRequirement(
  deps: IssuerDeps,
  userId: string,
  now: number,
  db: SqlClient = deps.db,
): Promise<LoginMfaRequirement> {
  if (deps.mfaEnforcement.mode === "optional") return "none";
  const user = await findUserById(db, userId);
  if (!user) return "none";
  const enrollable = new Set(enrollableFactorNames());
  const factors = (await activeFactorTypes(deps, db, userId)).filter((type) =>
    enrollable.has(type),
  );
  return loginMfaRequirement(
    { createdAt: Number(user.created_at) },
    factors,
    await findMfaExemption(db, userId),
    {
      mfaEnforcement: deps.mfaEnforcement.mode,
      mfaGracePeriodDays: deps.mfaEnforcement.gracePeriodDays,
      enforcementStartedAt: deps.mfaEnforcement.startedAt,
    },
    now,
  );
}
