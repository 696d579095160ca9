import type { FactorType } from "../../types/factor-type.js";
import type { IssuerDeps } from "../deps.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Params } from "../http/body.js";
import type { Factor, FactorGrant, ListedAuthenticator } from "./factor.js";
import { emailFactor, smsFactor } from "./oob/factor.js";
import { otpFactor } from "./otp/factor.js";
import { pushFactor } from "./push/factor.js";
import { recoveryCodeFactor } from "./recovery-code/factor.js";
import { webauthnFactor } from "./webauthn/factor.js";

/**
 * The factors this issuer runs, in the order they are offered and listed.
 * The MFA API (associate, challenge, list, remove), the token endpoint's MFA
 * grants, the audience policy and the hosted MFA step all read this list and
 * nothing else: a new factor is a folder under `factors/` and one entry here.
 * A name of FACTOR_TYPES without an entry would be valid in configuration
 * but never offered.
 *
 * Read it through the functions below, never at another module's top level:
 * the factors' own modules import code that imports this one.
 */
const FACTORS: readonly Factor[] = [
  otpFactor,
  emailFactor,
  smsFactor,
  webauthnFactor,
  pushFactor,
  recoveryCodeFactor,
];

/** Every registered factor, in order. */
export function listFactors(): readonly Factor[] {
  return FACTORS;
}

export function findFactor(name: string): Factor | undefined {
  return FACTORS.find((factor) => factor.name === name);
}

/**
 * The factors that may be enrolled on their own (and count toward
 * `mfaFactorCount`). With `devMode` false, those that run only in development
 * (push) are left out: the list to offer for enrollment.
 */
export function enrollableFactorNames(devMode = true): FactorType[] {
  return FACTORS.filter((factor) => factor.enrollable && (devMode || !factor.devOnly)).map(
    (factor) => factor.name,
  );
}

/**
 * Of the factors whose part matches, the first that `accepts` the request,
 * else the first that takes any (no `accepts`): how factors sharing Auth0's
 * `oob` type and mfa-oob grant (email, SMS, push) tell their requests apart.
 */
function pick<P extends { accepts?(input: never): boolean }>(
  parts: Array<{ factor: Factor; part: P }>,
  accepts: (part: P) => boolean,
): Factor | undefined {
  return (
    parts.find(({ part }) => part.accepts !== undefined && accepts(part))?.factor ??
    parts.find(({ part }) => part.accepts === undefined)?.factor
  );
}

/** Splits a wire id (`totp|abc`) into its factor and key; undefined when malformed or unknown. */
export function parseAuthenticatorId(id: string): { factor: Factor; key: string } | undefined {
  const bar = id.indexOf("|");
  if (bar <= 0 || bar === id.length - 1) return undefined;
  const prefix = id.slice(0, bar);
  const factor = FACTORS.find((candidate) => candidate.idPrefix === prefix);
  return factor ? { factor, key: id.slice(bar + 1) } : undefined;
}

/** The factor whose associate answers `authenticator_types: [type]` with these `params`. */
export function factorForAssociate(type: string, params: Params = {}): Factor | undefined {
  const parts = FACTORS.flatMap((factor) =>
    factor.associate?.authenticatorType === type ? [{ factor, part: factor.associate }] : [],
  );
  return pick(parts, (part) => part.accepts!(params));
}

/** The factor whose challenge answers `challenge_type` for `authenticatorId`. */
export function factorForChallenge(type: string, authenticatorId?: string): Factor | undefined {
  const parts = FACTORS.flatMap((factor) =>
    factor.challenge?.challengeType === type ? [{ factor, part: factor.challenge }] : [],
  );
  return pick(parts, (part) => part.accepts!(authenticatorId));
}

/**
 * The MFA grants by grant_type: one handler per grant type, which runs the
 * grant of the factor the parameters belong to (mfa-oob: email/SMS, or push).
 */
export function factorGrants(): Record<string, FactorGrant["handle"]> {
  const grants: Record<string, FactorGrant["handle"]> = {};
  for (const grantType of new Set(FACTORS.flatMap((factor) => factor.grant?.grantType ?? []))) {
    const parts = FACTORS.flatMap((factor) =>
      factor.grant?.grantType === grantType ? [{ factor, part: factor.grant }] : [],
    );
    grants[grantType] = (params, client, deps) =>
      pick(parts, (part) => part.accepts!(params))!.grant!.handle(params, client, deps);
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
