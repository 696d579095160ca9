import type { FactorType } from "../../types/factor-type.js";
import type { IssuerDeps } from "../deps.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Factor, FactorGrant, ListedAuthenticator } from "./factor.js";
import { emailFactor, smsFactor } from "./oob/factor.js";
import { otpFactor } from "./otp/factor.js";
import { recoveryCodeFactor } from "./recovery-code/factor.js";

/**
 * The factors this issuer runs, in the order they are offered and listed.
 * The MFA API (associate, challenge, list, remove), the token endpoint's MFA
 * grants, the audience policy and the hosted MFA step all read this list and
 * nothing else: a new factor is a folder under `factors/` and one entry here.
 * A name of FACTOR_TYPES without an entry (webauthn, until it is built) is
 * valid in configuration but never offered.
 *
 * Read it through the functions below, never at another module's top level:
 * the factors' own modules import code that imports this one.
 */
const FACTORS: readonly Factor[] = [otpFactor, emailFactor, smsFactor, recoveryCodeFactor];

/** Every registered factor, in order. */
export function listFactors(): readonly Factor[] {
  return FACTORS;
}

export function findFactor(name: string): Factor | undefined {
  return FACTORS.find((factor) => factor.name === name);
}

/** The factors that may be enrolled on their own (and count toward `mfaFactorCount`). */
export function enrollableFactorNames(): FactorType[] {
  return FACTORS.filter((factor) => factor.enrollable).map((factor) => factor.name);
}

/** Splits a wire id (`totp|abc`) into its factor and key; undefined when malformed or unknown. */
export function parseAuthenticatorId(id: string): { factor: Factor; key: string } | undefined {
  const bar = id.indexOf("|");
  if (bar <= 0 || bar === id.length - 1) return undefined;
  const prefix = id.slice(0, bar);
  const factor = FACTORS.find((candidate) => candidate.idPrefix === prefix);
  return factor ? { factor, key: id.slice(bar + 1) } : undefined;
}

/** The factor whose associate answers `authenticator_types: [type]` (the first, when shared). */
export function factorForAssociate(type: string): Factor | undefined {
  return FACTORS.find((factor) => factor.associate?.authenticatorType === type);
}

/** The factor whose challenge answers `challenge_type` (the first, when shared). */
export function factorForChallenge(type: string): Factor | undefined {
  return FACTORS.find((factor) => factor.challenge?.challengeType === type);
}

/** The MFA grants of every factor by grant_type (one entry for a grant factors share). */
export function factorGrants(): Record<string, FactorGrant["handle"]> {
  const grants: Record<string, FactorGrant["handle"]> = {};
  for (const factor of FACTORS) {
    if (factor.grant) grants[factor.grant.grantType] ??= factor.grant.handle;
  }
  return grants;
}

/** Does `amr` show that the factor `name` was used? False for a name without a registry entry. */
export function factorUsed(name: string, amr: readonly string[]): boolean {
  const factor = findFactor(name);
  return factor !== undefined && factor.amr.some((value) => amr.includes(value));
}

/** One of the user's authenticators with the factor it belongs to. */
export interface UserAuthenticator {
  factor: Factor;
  authenticator: ListedAuthenticator;
}

/** Every confirmed authenticator of the user, factor by factor in registry order. */
export async function listUserAuthenticators(
  deps: IssuerDeps,
  db: SqlClient,
  userId: string,
): Promise<UserAuthenticator[]> {
  const lists = await Promise.all(
    FACTORS.map(async (factor) =>
      (await factor.store.list(deps, db, userId)).map((authenticator) => ({
        factor,
        authenticator,
      })),
    ),
  );
  return lists.flat();
}

/** Drops the user's pending enrollment of every factor: one enrollment at a time, whatever its type. */
export async function clearPendingEnrollments(db: SqlClient, userId: string): Promise<void> {
  for (const factor of FACTORS) await factor.store.deletePending(db, userId);
}

/** Deletes every authenticator of every factor of the user, pending ones too (MFA reset). */
export async function deleteAllAuthenticators(db: SqlClient, userId: string): Promise<void> {
  for (const factor of FACTORS) await factor.store.deleteAll(db, userId);
}
