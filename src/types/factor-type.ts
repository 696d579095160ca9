/**
 * Every factor name, as used in `mfa_requirements`, an API's `factors` and
 * audit events (PROTOCOL.md part A). The one list: the SDK's types and the
 * issuer's factor registry both derive from it.
 */
export const FACTOR_TYPES = ["otp", "email", "sms", "webauthn", "recovery-code"] as const;

/** A factor name as used in `mfa_requirements` (PROTOCOL.md part A). */
export type FactorType = (typeof FACTOR_TYPES)[number];
