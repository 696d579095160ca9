/**
 * next-stepup/types: type-only modules shared by server and client. The SDK's
 * API is camelCase; the wire (PROTOCOL.md) is snake_case, converted in
 * src/shared/wire.ts.
 */
import type { FactorType, MfaRequirements } from "../errors/index.js";

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

export type EnrollOptions = WithMfaToken &
  (
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

/** The MFA API, identical in shape on the server (`auth.mfa`) and in the browser (`mfa`). */
export interface MfaApi {
  getAuthenticators(options: WithMfaToken): Promise<Authenticator[]>;
  enroll(options: EnrollOptions): Promise<Enrollment>;
  challenge(options: ChallengeOptions): Promise<Challenge>;
  verify(options: VerifyOptions): Promise<VerifyResult>;
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
