/**
 * next-stepup/types: types shared by server and client, plus the one list of
 * factor names (FACTOR_TYPES). The SDK's API is camelCase; the wire
 * (PROTOCOL.md) is snake_case, converted in src/shared/wire.ts.
 */
import type { MfaRequirements } from "../errors/index.js";
import type { FactorType } from "./factor-type.js";

export { FACTOR_TYPES } from "./factor-type.js";
export type { FactorType, MfaRequirements };

export type AuthenticatorType = "otp" | "oob" | "recovery-code" | "webauthn";
export type OobChannel = "email" | "sms";

/** An enrolled authenticator, as `getAuthenticators` returns it. */
export interface Authenticator {
  /** e.g. `totp|a1b2c3`, `email|…`, `recovery-code|…` */
  id: string;
  authenticatorType: AuthenticatorType;
  /** The factor, derived from `authenticatorType` + `oobChannel`. */
  type: FactorType;
  oobChannel?: OobChannel;
  name?: string;
  active: boolean;
  createdAt?: string;
  lastAuth?: string;
}

/** The sealed MFA context from `MfaRequiredError.mfaToken`. */
export interface WithMfaToken {
  mfaToken: string;
}

/**
 * What to enroll. The `factor` forms are the short way; the `authenticatorTypes`
 * forms mirror Auth0's `/mfa/associate` body and mean the same.
 */
export type EnrollOptions = WithMfaToken &
  (
    | { factor: "otp" }
    | { factor: "email"; email: string }
    | { factor: "sms"; /** E.164, e.g. `+15555550100`. */ phoneNumber: string }
    | { authenticatorTypes: ["otp"] }
    | { authenticatorTypes: ["oob"]; oobChannels: ["email"]; email: string }
    | { authenticatorTypes: ["oob"]; oobChannels: ["sms"]; phoneNumber: string }
  );

export interface OtpEnrollment {
  authenticatorType: "otp";
  id?: string;
  secret: string;
  /** An `otpauth://` URI; render it as a QR code. */
  barcodeUri: string;
  /** Shown once, with the first factor only. */
  recoveryCodes?: string[];
}

export interface OobEnrollment {
  authenticatorType: "oob";
  id?: string;
  oobChannel: OobChannel;
  oobCode: string;
  bindingMethod?: "prompt";
  recoveryCodes?: string[];
}

export type Enrollment = OtpEnrollment | OobEnrollment;

export type ChallengeOptions = WithMfaToken & {
  challengeType: "otp" | "oob";
  authenticatorId?: string;
};

export interface Challenge {
  challengeType: "otp" | "oob";
  oobCode?: string;
  bindingMethod?: "prompt";
}

export type VerifyOptions = WithMfaToken &
  ({ otp: string } | { oobCode: string; bindingCode: string } | { recoveryCode: string });

export interface VerifyResult {
  success: true;
  /** After a recovery code: how many unused codes are left. */
  recoveryCodesRemaining?: number;
}

/** A fresh set of recovery codes; the previous set no longer works. Show it once. */
export interface RecoveryCodes {
  recoveryCodes: string[];
}

/**
 * The MFA API, identical in shape on the server (`auth.mfa`) and in the browser (`mfa`).
 * The first four take the sealed context of a step-up; `deleteAuthenticator` and
 * `regenerateRecoveryCodes` run on the session (for a security-settings page) and
 * step up for the issuer's MFA API (`{issuer}/mfa/`) when it asks: they then throw
 * `MfaRequiredError`, which the caller resolves with the same API and retries.
 */
export interface MfaApi {
  /**
   * The user's authenticators: those of the step-up's user with a context;
   * without one, the session's own (security settings), stepping up for the
   * MFA API like `deleteAuthenticator`.
   */
  getAuthenticators(options?: Partial<WithMfaToken>): Promise<Authenticator[]>;
  enroll(options: EnrollOptions): Promise<Enrollment>;
  challenge(options: ChallengeOptions): Promise<Challenge>;
  verify(options: VerifyOptions): Promise<VerifyResult>;
  /** Removes an enrolled authenticator by id (e.g. `totp|a1b2c3`). */
  deleteAuthenticator(id: string): Promise<void>;
  /** Revokes the recovery codes and returns a new set. */
  regenerateRecoveryCodes(): Promise<RecoveryCodes>;
  /**
   * The factors the user may enroll: with a context, its `mfa_requirements.enroll`
   * (empty when the step-up only allows challenges); without, the factors the
   * issuer advertises.
   */
  getEnrollmentFactors(options?: Partial<WithMfaToken>): Promise<FactorType[]>;
}

/** OIDC claims of the signed-in user (from the ID token). */
export interface User {
  sub: string;
  email?: string;
  name?: string;
  [claim: string]: unknown;
}

/** What `getAccessToken` resolves to. */
export interface AccessToken {
  token: string;
  audience: string;
  scope: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export type { StepUpActionError, StepUpActionResult } from "./step-up-action-result.js";
