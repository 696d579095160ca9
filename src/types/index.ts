/**
 * next-stepup/types: types shared by server and client, plus the one list of
 * factor names (FACTOR_TYPES). The SDK's API is camelCase; the wire
 * (PROTOCOL.md) is snake_case, converted in src/shared/wire.ts.
 */
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/browser";
import type { MfaRequirements } from "../errors/index.js";
import type { FactorName, FactorType } from "./factor-type.js";

export { AUTH0_FACTOR_TYPES, FACTOR_TYPES, factorTypesOf } from "./factor-type.js";
export type { Auth0FactorName, FactorName, FactorType } from "./factor-type.js";
export type { MfaRequirements };
export type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
};

export type AuthenticatorType = "otp" | "oob" | "recovery-code" | "webauthn";
/** Out-of-band channels: Auth0's `auth0` is a Guardian push device. */
export type OobChannel = "email" | "sms" | "voice" | "auth0";

/** An enrolled authenticator, as `getAuthenticators` returns it. */
export interface Authenticator {
  /** e.g. `totp|a1b2c3`, `email|…`, `push|…`, `recovery-code|…` */
  id: string;
  /** As the issuer lists it; a type neither vocabulary knows is kept as it came. */
  authenticatorType: AuthenticatorType | (string & {});
  /**
   * The factor, derived from `authenticatorType` + `oobChannel` (channel
   * `auth0` is `push`, `voice` is `voice`); `unknown` when neither tells.
   */
  type: FactorType | "unknown";
  oobChannel?: OobChannel | (string & {});
  name?: string;
  active: boolean;
  createdAt?: string;
  lastAuth?: string;
  /**
   * Passkeys: WebAuthn's backup-eligible flag. True for a synced
   * (multi-device) passkey, false for one bound to its device (a security
   * key, or a platform passkey that does not sync).
   */
  backupEligible?: boolean;
  /** Passkeys: the passkey has been backed up (synced) to the user's other devices. */
  backedUp?: boolean;
}

/** The sealed MFA context from `MfaRequiredError.mfaToken`. */
export interface WithMfaToken {
  mfaToken: string;
}

/**
 * What to enroll. The `factor` forms are the short way; the `authenticatorTypes`
 * forms mirror Auth0's `/mfa/associate` body and mean the same. With
 * `mfaToken`, the enrollment of a step-up; without it, a further factor on the
 * session (security settings), with an MFA API token holding `enroll`.
 * `email` defaults to the signed-in user's address.
 */
export type EnrollOptions = Partial<WithMfaToken> &
  (
    | { factor: "otp" }
    | { factor: "email"; email?: string }
    | { factor: "sms" | "voice"; /** E.164, e.g. `+15555550100`. */ phoneNumber: string }
    | { factor: "push" }
    | {
        factor: "webauthn";
        /** The passkey's label in the user's list; default "Passkey". */ name?: string;
      }
    | { authenticatorTypes: ["otp"] }
    | { authenticatorTypes: ["oob"]; oobChannels: ["email"]; email?: string }
    | { authenticatorTypes: ["oob"]; oobChannels: ["sms"] | ["voice"]; phoneNumber: string }
    | { authenticatorTypes: ["oob"]; oobChannels: ["auth0"] }
    | { authenticatorTypes: ["webauthn"]; name?: string }
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
  /** Redeem it with `verify` (push: without a binding code, polling with `verifyPush`). */
  oobCode: string;
  bindingMethod?: "prompt";
  /** Push: the QR code the device scans to enroll. */
  barcodeUri?: string;
  recoveryCodes?: string[];
}

/**
 * A passkey registration in progress: run `startRegistration({ optionsJSON:
 * options })` of @simplewebauthn/browser (or `enrollPasskey`, which does it
 * all), then `verify({ oobCode, webauthnResponse })` registers the passkey.
 */
export interface WebAuthnEnrollment {
  authenticatorType: "webauthn";
  id?: string;
  oobCode: string;
  options: PublicKeyCredentialCreationOptionsJSON;
  recoveryCodes?: string[];
}

export type Enrollment = OtpEnrollment | OobEnrollment | WebAuthnEnrollment;

export type ChallengeOptions = WithMfaToken & {
  challengeType: "otp" | "oob" | "webauthn";
  authenticatorId?: string;
};

export interface Challenge {
  challengeType: "otp" | "oob" | "webauthn";
  oobCode?: string;
  /** `prompt`: the user types the code sent; absent for a push (poll `verify` instead). */
  bindingMethod?: "prompt";
  /** webauthn: the options for `startAuthentication({ optionsJSON })`. */
  options?: PublicKeyCredentialRequestOptionsJSON;
}

/**
 * One proof. `oobCode` without `bindingCode` is a push: the answer is
 * `authorization_pending` / `slow_down` until the user approves (see
 * `verifyPush`). Without `mfaToken`, it confirms an enrollment made on the
 * session (`enroll` without one).
 */
export type VerifyOptions = Partial<WithMfaToken> &
  (
    | { otp: string }
    | { oobCode: string; bindingCode?: string }
    | { recoveryCode: string }
    | {
        /** The `oobCode` of the webauthn challenge or enrollment. */
        oobCode: string;
        /** What startAuthentication / startRegistration resolved to, or that as JSON. */
        webauthnResponse: AuthenticationResponseJSON | RegistrationResponseJSON | string;
      }
  );

export interface VerifyResult {
  success: true;
  /**
   * After a recovery code on Auth0 (and on the issuer): the user's new
   * recovery code, which replaces the one just used. Show it, once.
   */
  recoveryCode?: string;
  /** After a recovery code on the issuer: how many unused codes the user has. */
  recoveryCodesRemaining?: number;
}

/** A fresh set of recovery codes; the previous set no longer works. Show it once. */
export interface RecoveryCodes {
  recoveryCodes: string[];
}

/**
 * A factor the user may enroll: our `type`, and the issuer's `name` for it
 * (Auth0's `phone` gives `sms` and `voice`, both named `phone`). A name that
 * maps to no factor type is kept as `{ type: "unknown", name }`.
 */
export type EnrollmentFactor =
  { type: FactorType; name: FactorName } | { type: "unknown"; name: string };

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
  /** Renames a passkey (`webauthn|…`); other factors are named by the issuer. */
  renameAuthenticator(id: string, name: string): Promise<Authenticator>;
  /**
   * Revokes the recovery codes and returns a new set. Only where the
   * authorization server offers it (the issuer does, Auth0 does not:
   * `unsupported_operation`).
   */
  regenerateRecoveryCodes(): Promise<RecoveryCodes>;
  /**
   * The factors the user may enroll: with a context, its `mfa_requirements.enroll`
   * (empty when the step-up only allows challenges); without, the factors the
   * issuer advertises.
   */
  getEnrollmentFactors(options?: Partial<WithMfaToken>): Promise<EnrollmentFactor[]>;
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
