/**
 * The one place where the snake_case wire shapes of PROTOCOL.md meet the
 * camelCase TypeScript API. Server (issuer calls, /auth/mfa/* answers) and
 * client (reading those answers) both convert here, so a field renamed on the
 * wire is renamed once.
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
  RecoveryCodes,
  VerifyOptions,
  VerifyResult,
} from "../types/index.js";

/** An authenticator as `GET /mfa/authenticators` lists it. */
export interface WireAuthenticator {
  id: string;
  authenticator_type: AuthenticatorType | (string & {});
  oob_channel?: OobChannel | (string & {});
  /** Auth0 lists some authenticators with their channels instead of one `oob_channel`. */
  oob_channels?: string | string[];
  name?: string;
  active?: boolean;
  created_at?: string;
  last_auth?: string;
}

export interface WireEnrollment {
  authenticator_type: "otp" | "oob";
  id?: string;
  secret?: string;
  /** otp: the otpauth:// URI; push (`oob_channel: "auth0"`): the QR code the device scans. */
  barcode_uri?: string;
  oob_channel?: OobChannel;
  oob_code?: string;
  binding_method?: "prompt";
  recovery_codes?: string[];
}

export interface WireChallenge {
  challenge_type: "otp" | "oob";
  oob_code?: string;
  binding_method?: "prompt";
}

export interface WireVerifyResult {
  success: true;
  recovery_code?: string;
  recovery_codes_remaining?: number;
}

/** Body of `POST /mfa/associate` (issuer) and `POST /auth/mfa/associate` (SDK route). */
export interface WireEnrollBody {
  authenticator_types: string[];
  oob_channels?: string[];
  email?: string;
  phone_number?: string;
}

/** Body of `POST /auth/mfa/challenge`; the issuer call adds client_id and mfa_token. */
export interface WireChallengeBody {
  challenge_type: string;
  authenticator_id?: string;
}

/** Body of `POST /auth/mfa/verify`: exactly one proof (a push has no binding code). */
export type WireVerifyBody =
  { otp: string } | { oob_code: string; binding_code?: string } | { recovery_code: string };

/** The factor of an oob channel, or of an id prefix (Auth0's push ids are `push|…`). */
const OOB_FACTORS = new Map<string | undefined, FactorType>([
  ["email", "email"],
  ["sms", "sms"],
  ["voice", "voice"],
  ["auth0", "push"],
  ["push", "push"],
]);

/**
 * The factor an authenticator stands for. `oob_channel` is optional on the
 * wire, so an oob authenticator without it falls back to its id prefix
 * (`email|…`, `push|…`); what neither tells is `unknown`, never a guess (a
 * push device listed as SMS would send codes nowhere).
 */
export function factorTypeOf(
  authenticatorType: string,
  oobChannel?: string,
  id = "",
): FactorType | "unknown" {
  if (authenticatorType === "oob") {
    return OOB_FACTORS.get(oobChannel) ?? OOB_FACTORS.get(id.split("|")[0]) ?? "unknown";
  }
  return ["otp", "recovery-code", "webauthn"].includes(authenticatorType)
    ? (authenticatorType as FactorType)
    : "unknown";
}

export function authenticatorFromWire(wire: WireAuthenticator): Authenticator {
  const channel = wire.oob_channel ?? [wire.oob_channels ?? []].flat()[0];
  return {
    id: wire.id,
    authenticatorType: wire.authenticator_type,
    type: factorTypeOf(wire.authenticator_type, channel, wire.id),
    ...(channel ? { oobChannel: channel } : {}),
    ...(wire.name !== undefined ? { name: wire.name } : {}),
    // Auth0 omits `active` on some factors; absent means usable.
    active: wire.active ?? true,
    ...(wire.created_at ? { createdAt: wire.created_at } : {}),
    ...(wire.last_auth ? { lastAuth: wire.last_auth } : {}),
  };
}

export function authenticatorToWire(value: Authenticator): WireAuthenticator {
  return {
    id: value.id,
    authenticator_type: value.authenticatorType,
    ...(value.oobChannel ? { oob_channel: value.oobChannel } : {}),
    ...(value.name !== undefined ? { name: value.name } : {}),
    active: value.active,
    ...(value.createdAt ? { created_at: value.createdAt } : {}),
    ...(value.lastAuth ? { last_auth: value.lastAuth } : {}),
  };
}

export function enrollmentFromWire(wire: WireEnrollment): Enrollment {
  const common = {
    ...(wire.id ? { id: wire.id } : {}),
    ...(wire.recovery_codes ? { recoveryCodes: wire.recovery_codes } : {}),
  };
  if (wire.authenticator_type === "oob") {
    return {
      authenticatorType: "oob",
      oobChannel: wire.oob_channel ?? "email",
      oobCode: wire.oob_code ?? "",
      ...(wire.binding_method ? { bindingMethod: wire.binding_method } : {}),
      ...(wire.barcode_uri ? { barcodeUri: wire.barcode_uri } : {}),
      ...common,
    };
  }
  return {
    authenticatorType: "otp",
    secret: wire.secret ?? "",
    barcodeUri: wire.barcode_uri ?? "",
    ...common,
  };
}

export function enrollmentToWire(value: Enrollment): WireEnrollment {
  const common = {
    ...(value.id ? { id: value.id } : {}),
    ...(value.recoveryCodes ? { recovery_codes: value.recoveryCodes } : {}),
  };
  if (value.authenticatorType === "oob") {
    return {
      authenticator_type: "oob",
      oob_channel: value.oobChannel,
      oob_code: value.oobCode,
      ...(value.bindingMethod ? { binding_method: value.bindingMethod } : {}),
      ...(value.barcodeUri ? { barcode_uri: value.barcodeUri } : {}),
      ...common,
    };
  }
  return {
    authenticator_type: "otp",
    secret: value.secret,
    barcode_uri: value.barcodeUri,
    ...common,
  };
}

export function challengeFromWire(wire: WireChallenge): Challenge {
  return {
    challengeType: wire.challenge_type,
    ...(wire.oob_code ? { oobCode: wire.oob_code } : {}),
    ...(wire.binding_method ? { bindingMethod: wire.binding_method } : {}),
  };
}

export function challengeToWire(value: Challenge): WireChallenge {
  return {
    challenge_type: value.challengeType,
    ...(value.oobCode ? { oob_code: value.oobCode } : {}),
    ...(value.bindingMethod ? { binding_method: value.bindingMethod } : {}),
  };
}

export function verifyResultFromWire(wire: WireVerifyResult): VerifyResult {
  return {
    success: true,
    ...(typeof wire.recovery_code === "string" ? { recoveryCode: wire.recovery_code } : {}),
    ...(typeof wire.recovery_codes_remaining === "number"
      ? { recoveryCodesRemaining: wire.recovery_codes_remaining }
      : {}),
  };
}

export function verifyResultToWire(value: VerifyResult): WireVerifyResult {
  return {
    success: true,
    ...(value.recoveryCode !== undefined ? { recovery_code: value.recoveryCode } : {}),
    ...(value.recoveryCodesRemaining !== undefined
      ? { recovery_codes_remaining: value.recoveryCodesRemaining }
      : {}),
  };
}

/** `EnrollOptions` minus the token → wire body; the `factor` forms become Auth0's shape. */
export function enrollOptionsToWire(options: EnrollOptions): WireEnrollBody {
  const destination = {
    ...("email" in options && options.email !== undefined ? { email: options.email } : {}),
    ...("phoneNumber" in options ? { phone_number: options.phoneNumber } : {}),
  };
  if ("factor" in options) {
    return options.factor === "otp"
      ? { authenticator_types: ["otp"] }
      : {
          authenticator_types: ["oob"],
          // Auth0 calls its push channel `auth0` (Guardian).
          oob_channels: [options.factor === "push" ? "auth0" : options.factor],
          ...destination,
        };
  }
  return {
    authenticator_types: [...options.authenticatorTypes],
    ...("oobChannels" in options ? { oob_channels: [...options.oobChannels] } : {}),
    ...destination,
  };
}

/** Wire body (already validated) + token (absent: on the session) → `EnrollOptions`. */
export function enrollOptionsFromWire(
  body: WireEnrollBody,
  mfaToken: string | undefined,
): EnrollOptions {
  return {
    ...(mfaToken !== undefined ? { mfaToken } : {}),
    authenticatorTypes: body.authenticator_types,
    ...(body.oob_channels ? { oobChannels: body.oob_channels } : {}),
    ...(body.email !== undefined ? { email: body.email } : {}),
    ...(body.phone_number !== undefined ? { phoneNumber: body.phone_number } : {}),
  } as EnrollOptions;
}

export function challengeOptionsToWire(options: ChallengeOptions): WireChallengeBody {
  return {
    challenge_type: options.challengeType,
    ...(options.authenticatorId ? { authenticator_id: options.authenticatorId } : {}),
  };
}

export function challengeOptionsFromWire(
  body: WireChallengeBody,
  mfaToken: string,
): ChallengeOptions {
  return {
    mfaToken,
    challengeType: body.challenge_type as ChallengeOptions["challengeType"],
    ...(body.authenticator_id ? { authenticatorId: body.authenticator_id } : {}),
  };
}

export function verifyOptionsToWire(options: VerifyOptions): WireVerifyBody {
  if ("otp" in options) return { otp: options.otp };
  if ("recoveryCode" in options) return { recovery_code: options.recoveryCode };
  return {
    oob_code: options.oobCode,
    ...(options.bindingCode !== undefined ? { binding_code: options.bindingCode } : {}),
  };
}

/** Wire body (already validated) + token (absent: on the session) → `VerifyOptions`. */
export function verifyOptionsFromWire(
  body: WireVerifyBody,
  mfaToken: string | undefined,
): VerifyOptions {
  const token = mfaToken !== undefined ? { mfaToken } : {};
  if ("otp" in body) return { ...token, otp: body.otp };
  if ("recovery_code" in body) return { ...token, recoveryCode: body.recovery_code };
  return {
    ...token,
    oobCode: body.oob_code,
    ...(body.binding_code !== undefined ? { bindingCode: body.binding_code } : {}),
  };
}

/** `POST /mfa/recovery-codes` (issuer) and `POST /auth/mfa/recovery-codes` (SDK route). */
export interface WireRecoveryCodes {
  recovery_codes: string[];
}

export function recoveryCodesFromWire(wire: WireRecoveryCodes): RecoveryCodes {
  return {
    recoveryCodes: Array.isArray(wire?.recovery_codes)
      ? wire.recovery_codes.filter((code): code is string => typeof code === "string")
      : [],
  };
}

export function recoveryCodesToWire(value: RecoveryCodes): WireRecoveryCodes {
  return { recovery_codes: value.recoveryCodes };
}

/** `GET /auth/mfa/factors`: the factors the user may enroll (same shape on the wire). */
export interface WireEnrollmentFactors {
  factors: EnrollmentFactor[];
}
