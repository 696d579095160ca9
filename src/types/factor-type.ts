/**
 * Every factor name, as used in `mfa_requirements`, an API's `factors` and
 * audit events (PROTOCOL.md part A). The one list: the SDK's types and the
 * issuer's factor registry both derive from it. `voice` is an Auth0 factor
 * the issuer does not run (valid in configuration, never offered); `push` is
 * Auth0's Guardian push, which the issuer runs as a development factor.
 */
export const FACTOR_TYPES = [
  "otp",
  "email",
  "sms",
  "voice",
  "push",
  "webauthn",
  "recovery-code",
] as const;

/** A factor name as used in `mfa_requirements` (PROTOCOL.md part A). */
export type FactorType = (typeof FACTOR_TYPES)[number];

/**
 * Auth0's own factor names, in its `mfa_requirements` and in Actions'
 * `challengeWith`/`enrollWith` (https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger/post-login-api-object),
 * each with the factor types it stands for: `phone` is a number that takes
 * texts and calls, and both WebAuthn kinds are one `webauthn` factor here.
 */
export const AUTH0_FACTOR_TYPES = {
  otp: ["otp"],
  phone: ["sms", "voice"],
  "push-notification": ["push"],
  email: ["email"],
  "recovery-code": ["recovery-code"],
  "webauthn-roaming": ["webauthn"],
  "webauthn-platform": ["webauthn"],
} as const satisfies Record<string, readonly FactorType[]>;

/** A factor name of Auth0's vocabulary. */
export type Auth0FactorName = keyof typeof AUTH0_FACTOR_TYPES;

/**
 * A factor name as an authorization server sends it: ours, Auth0's, or one
 * neither vocabulary knows, which is kept as it came (never dropped) so an
 * app can still show or log it. `switch` on it narrows the known names.
 */
// `string & {}` keeps the literals visible to editors while admitting any string.
export type FactorName = FactorType | Auth0FactorName | (string & {});

/**
 * Our factor types for a factor name of either vocabulary: `otp` → `["otp"]`,
 * Auth0's `phone` → `["sms", "voice"]`, `push-notification` → `["push"]`;
 * a name neither knows → `[]`.
 */
export function factorTypesOf(name: string): FactorType[] {
  if ((FACTOR_TYPES as readonly string[]).includes(name)) return [name as FactorType];
  return Object.hasOwn(AUTH0_FACTOR_TYPES, name)
    ? [...AUTH0_FACTOR_TYPES[name as Auth0FactorName]]
    : [];
}
