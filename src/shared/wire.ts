/**
 * The one place where the snake_case wire shapes of PROTOCOL.md meet the
 * camelCase TypeScript API. Server (issuer calls, /auth/mfa/* answers) and
 * client (reading those answers) both convert here. Every field converts by
 * its name alone (`oob_code` ⇄ `oobCode`), one level deep: values are kept
 * as they are, so a passkey's WebAuthn `options` reach @simplewebauthn in the
 * spelling the WebAuthn spec gives them. A field the far side adds passes
 * through renamed. Generic conversion also keeps this module small in the
 * browser bundle of `mfa`.
 */
import type {
  Authenticator,
  AuthenticatorType,
  Challenge,
  ChallengeOptions,
  EnrollOptions,
  Enrollment,
  EnrollmentFactor,
  FactorType,
  OobChannel,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RecoveryCodes,
  VerifyOptions,
  VerifyResult,
} from "../types/index.js";

/**
 * An authenticator as the SDK's routes answer it (`GET /auth/mfa/authenticators`,
 * an `mfa_required` body's `authenticators`): already read by the server from
 * the authorization server's listing (server/mfa/issuer-authenticator.ts), so
 * `type` is our factor and `oob_channel` the one channel.
 */
export interface WireAuthenticator {
  id: string;
  authenticator_type: AuthenticatorType | (string & {});
  type: FactorType | "unknown";
  oob_channel?: OobChannel | (string & {});
  name?: string;
  active: boolean;
  created_at?: string;
  last_auth?: string;
  /** Passkeys: WebAuthn's backup flags (BE: a synced kind of passkey, BS: synced now). */
  backup_eligible?: boolean;
  backed_up?: boolean;
}

export interface WireEnrollment {
  authenticator_type: "otp" | "oob" | "webauthn";
  id?: string;
  secret?: string;
  /** otp: the otpauth:// URI; push (`oob_channel: "auth0"`): the QR code the device scans. */
  barcode_uri?: string;
  oob_channel?: OobChannel;
  oob_code?: string;
  binding_method?: "prompt";
  recovery_codes?: string[];
  /** webauthn: PublicKeyCredentialCreationOptionsJSON. */
  options?: PublicKeyCredentialCreationOptionsJSON;
}

export interface WireChallenge {
  challenge_type: "otp" | "oob" | "webauthn";
  oob_code?: string;
  binding_method?: "prompt";
  /** webauthn: PublicKeyCredentialRequestOptionsJSON. */
  options?: PublicKeyCredentialRequestOptionsJSON;
}

export interface WireVerifyResult {
  success: true;
  /** After a recovery code: its replacement (Auth0 keeps one per user). */
  recovery_code?: string;
  recovery_codes_remaining?: number;
}

/** Body of `POST /mfa/associate` (issuer) and `POST /auth/mfa/associate` (SDK route). */
export interface WireEnrollBody {
  authenticator_types: string[];
  oob_channels?: string[];
  email?: string;
  phone_number?: string;
  /** webauthn: the passkey's label. */
  name?: string;
}

/**
 * Body of `POST /auth/mfa/associate` in the `factor` form of `EnrollOptions`
 * (`{factor: "push"}`): the SDK route takes it as it is, and the server
 * writes Auth0's shape for the issuer (server/mfa/issuer-enroll-body.ts), so
 * the browser carries none of Auth0's channel names.
 */
export interface WireFactorEnrollBody {
  factor: "otp" | "email" | "sms" | "voice" | "push" | "webauthn";
  email?: string;
  phone_number?: string;
  name?: string;
}

/** Body of `POST /auth/mfa/challenge`; the issuer call adds client_id and mfa_token. */
export interface WireChallengeBody {
  challenge_type: string;
  authenticator_id?: string;
}

/** Body of `POST /auth/mfa/verify`: exactly one proof (a push has no binding code). */
export type WireVerifyBody =
  | { otp: string }
  | { oob_code: string; binding_code?: string }
  | { recovery_code: string }
  /** webauthn: the browser's answer (RegistrationResponseJSON or AuthenticationResponseJSON) as JSON text. */
  | { oob_code: string; webauthn_response: string };

/** `POST /mfa/recovery-codes` (issuer) and `POST /auth/mfa/recovery-codes` (SDK route). */
export interface WireRecoveryCodes {
  recovery_codes: string[];
}

/** `GET /auth/mfa/factors`: the factors the user may enroll. */
export interface WireEnrollmentFactors {
  factors: EnrollmentFactor[];
}

/** Renames every key of `value` with `rename`; undefined values are left out. */
function renameKeys<T>(value: object, rename: (key: string) => string): T {
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== undefined) result[rename(key)] = field;
  }
  return result as T;
}

/** `{ oob_code: … }` → `{ oobCode: … }`. */
export const fromWire = <T>(wire: object): T =>
  renameKeys<T>(wire, (key) =>
    key.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase()),
  );

/** `{ oobCode: … }` → `{ oob_code: … }`; `mfaToken` never goes in a body. */
export function toWire<T>(value: object): T {
  const { mfaToken: _token, ...fields } = value as { mfaToken?: unknown };
  return renameKeys<T>(fields, (key) =>
    key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`),
  );
}

export const authenticatorFromWire = (wire: WireAuthenticator): Authenticator => fromWire(wire);
export const authenticatorToWire = (value: Authenticator): WireAuthenticator => toWire(value);
export const enrollmentFromWire = (wire: WireEnrollment): Enrollment => fromWire(wire);
export const enrollmentToWire = (value: Enrollment): WireEnrollment => toWire(value);
export const challengeFromWire = (wire: WireChallenge): Challenge => fromWire(wire);
export const challengeToWire = (value: Challenge): WireChallenge => toWire(value);
export const verifyResultFromWire = (wire: WireVerifyResult): VerifyResult => fromWire(wire);
export const verifyResultToWire = (value: VerifyResult): WireVerifyResult => toWire(value);
export const recoveryCodesFromWire = (wire: WireRecoveryCodes): RecoveryCodes => fromWire(wire);
export const recoveryCodesToWire = (value: RecoveryCodes): WireRecoveryCodes => toWire(value);

/** `EnrollOptions` minus the token → the SDK route's body, in the form it was given. */
export const enrollOptionsToWire = (
  options: EnrollOptions,
): WireEnrollBody | WireFactorEnrollBody => toWire(options);

/** Wire body (already validated) + token (absent: on the session) → `EnrollOptions`. */
export const enrollOptionsFromWire = (
  body: WireEnrollBody | WireFactorEnrollBody,
  mfaToken: string | undefined,
): EnrollOptions =>
  ({ ...fromWire<object>(body), ...(mfaToken !== undefined ? { mfaToken } : {}) }) as EnrollOptions;

export const challengeOptionsToWire = (options: ChallengeOptions): WireChallengeBody =>
  toWire(options);

export const challengeOptionsFromWire = (
  body: WireChallengeBody,
  mfaToken: string,
): ChallengeOptions => ({ ...fromWire<object>(body), mfaToken }) as ChallengeOptions;

/** A passkey's answer travels as JSON text (the issuer's `webauthn_response` form parameter). */
export function verifyOptionsToWire(options: VerifyOptions): WireVerifyBody {
  const answer = "webauthnResponse" in options ? options.webauthnResponse : undefined;
  return toWire(
    typeof answer === "object" ? { ...options, webauthnResponse: JSON.stringify(answer) } : options,
  );
}

/** Wire body (already validated) + token (absent: on the session) → `VerifyOptions`. */
export const verifyOptionsFromWire = (
  body: WireVerifyBody,
  mfaToken: string | undefined,
): VerifyOptions =>
  ({ ...fromWire<object>(body), ...(mfaToken !== undefined ? { mfaToken } : {}) }) as VerifyOptions;
