import type { MfaRequirements } from "../../errors/index.js";
import type { FactorType } from "../../types/factor-type.js";
import type { IssuerDeps } from "../deps.js";
import { enrollableFactorNames, listUserAuthenticators } from "../factors/registry.js";
import type { SqlClient } from "../store/sql-client.js";

/**
 * What the user can do now: challenge a factor with an active authenticator
 * (a recovery code while unused ones remain), or enroll when no factor of
 * its own is confirmed. With `allowed` (the audience's factors), only those
 * are offered. `db` may be a transaction.
 */
export async function computeRequirements(
  deps: IssuerDeps,
  db: SqlClient,
  userId: string,
  allowed?: ReadonlySet<FactorType>,
): Promise<MfaRequirements> {
  const all = await userRequirements(deps, db, userId);
  if (!allowed) return all;
  const keep = <T extends { type: FactorType }>(list: T[] | undefined) =>
    list?.filter((entry) => allowed.has(entry.type));
  const challenge = keep(all.challenge);
  const enroll = keep(all.enroll);
  return {
    ...(challenge && challenge.length > 0 ? { challenge } : {}),
    ...(enroll ? { enroll } : {}),
  };
}

async function userRequirements(
  deps: IssuerDeps,
  db: SqlClient,
  userId: string,
): Promise<MfaRequirements> {
  const types = await activeFactorTypes(deps, db, userId);
  // A first factor may be any factor this issuer can enroll (the audience's
  // `factors` narrow it in computeRequirements).
  if (!(await hasActiveFactor(deps, db, userId, types))) {
    return { enroll: enrollableFactorNames().map((type) => ({ type })) };
  }
  return { challenge: types.map((type) => ({ type })) };
}

/** True when the user has a confirmed factor of its own (associate then needs a challenge first). */
export async function hasActiveFactor(
  deps: IssuerDeps,
  db: SqlClient,
  userId: string,
  types?: readonly FactorType[],
): Promise<boolean> {
  const active = types ?? (await activeFactorTypes(deps, db, userId));
  const enrollable = new Set(enrollableFactorNames());
  return active.some((type) => enrollable.has(type));
}

/** Factors with at least one active authenticator, in registry order. */
export async function activeFactorTypes(
  deps: IssuerDeps,
  db: SqlClient,
  userId: string,
): Promise<FactorType[]> {
  const listed = await listUserAuthenticators(deps, db, userId);
  const types: FactorType[] = [];
  for (const { factor, authenticator } of listed) {
    if (authenticator.active && !types.includes(factor.name)) types.push(factor.name);
  }
  return types;
}
