import type { FactorType, MfaRequirements } from "../../errors/index.js";
import type { FactorName } from "../options.js";
import { listAuthenticators } from "../factors/otp/store.js";
import { listOobAuthenticators } from "../factors/oob/store.js";
import { findActiveRecoveryCodeSet } from "../factors/recovery-code/store.js";
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
  const types = await confirmedFactorTypes(db, userId);
  // A first factor may be any code factor this issuer delivers (the audience's
  // `factors` narrow it in computeRequirements); passkeys are not offered yet.
  if (types.length === 0) return { enroll: [{ type: "otp" }, { type: "email" }, { type: "sms" }] };
  const recovery = await findActiveRecoveryCodeSet(db, userId);
  return {
    challenge: [
      ...types.map((type) => ({ type })),
      ...(recovery && recovery.remaining > 0 ? [{ type: "recovery-code" as const }] : []),
    ],
  };
}

/** True when the user has a confirmed factor (associate then needs a challenge first). */
export async function hasActiveFactor(db: SqlClient, userId: string): Promise<boolean> {
  return (await confirmedFactorTypes(db, userId)).length > 0;
}

/** Factor types with at least one confirmed authenticator: otp first, then email, sms. */
async function confirmedFactorTypes(db: SqlClient, userId: string): Promise<FactorType[]> {
  const totp = (await listAuthenticators(db, userId)).some((row) => row.confirmed_at !== null);
  const oob = (await listOobAuthenticators(db, userId)).filter((row) => row.confirmed_at !== null);
  return [
    ...(totp ? (["otp"] as const) : []),
    ...(["email", "sms"] as const).filter((type) => oob.some((row) => row.channel === type)),
  ];
}
