import type { MfaRequirements } from "../../errors/index.js";
import type { FactorName } from "../options.js";
import { listAuthenticators } from "../store/authenticators.js";
import { findActiveRecoveryCodeSet } from "../store/recovery-codes.js";
import type { SqlClient } from "../store/sql-client.js";

/**
 * What the user can do now: challenge a confirmed factor (and a recovery code
 * while unused ones remain), or enroll when nothing is confirmed. With
 * `allowed` (the audience's factors), only those are offered.
 */
export async function computeRequirements(
  db: SqlClient,
  userId: string,
  allowed?: ReadonlySet<FactorName>,
): Promise<MfaRequirements> {
  const all = await userRequirements(db, userId);
  if (!allowed) return all;
  const keep = <T extends { type: string }>(list: T[] | undefined) =>
    list?.filter((entry) => allowed.has(entry.type as FactorName));
  const challenge = keep(all.challenge);
  const enroll = keep(all.enroll);
  return {
    ...(challenge && challenge.length > 0 ? { challenge } : {}),
    ...(enroll ? { enroll } : {}),
  };
}

async function userRequirements(db: SqlClient, userId: string): Promise<MfaRequirements> {
  const confirmed = (await listAuthenticators(db, userId)).filter(
    (row) => row.confirmed_at !== null,
  );
  if (confirmed.length === 0) return { enroll: [{ type: "otp" }] };
  const recovery = await findActiveRecoveryCodeSet(db, userId);
  return {
    challenge: [
      { type: "otp" },
      ...(recovery && recovery.remaining > 0 ? [{ type: "recovery-code" as const }] : []),
    ],
  };
}

/** True when the user has a confirmed factor (associate then needs a challenge first). */
export async function hasActiveFactor(db: SqlClient, userId: string): Promise<boolean> {
  return (await listAuthenticators(db, userId)).some((row) => row.confirmed_at !== null);
}
