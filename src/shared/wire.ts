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
  FactorType,
  OobChannel,
  RecoveryCodes,
  VerifyOptions,
  VerifyResult,
} from "../types/index.js";

/** An authenticator as `GET /mfa/authenticators` lists it. */
export interface WireAuthenticator {
  id: string;
  authenticator_type: AuthenticatorType;
  oob_channel?: OobChannel;
  name?: string;
  active?: boolean;
  created_at?: string;
  last_auth?: string;
}

export interface WireEnrollment {
  authenticator_type: "otp" | "oob";
  id?: string;
  secret?: string;
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

/** Body of `POST /auth/mfa/verify`: exactly one proof. */
export type WireVerifyBody =
  { otp: string } | { oob_code: string; binding_code: string } | { recovery_code: string };

/**
 * The factor an authenticator stands for. `oob_channel` is optional on the wire,
 * so an oob authenticator without it falls back to its id prefix (`email|…`,
 * `sms|…`) instead of being dropped.
 */
export function factorTypeOf(
  authenticatorType: AuthenticatorType,
  oobChannel?: string,
  id = "",
): FactorType {
  if (authenticatorType !== "oob") return authenticatorType;
  if (oobChannel === "email" || oobChannel === "sms") return oobChannel;
  return id.startsWith("email|") ? "email" : "sms";
}

export function authenticatorFromWire(wire: WireAuthenticator): Authenticator {
  return {
    id: wire.id,
    authenticatorType: wire.authenticator_type,
    type: factorTypeOf(wire.authenticator_type, wire.oob_channel, wire.id),
    ...(wire.oob_channel ? { oobChannel: wire.oob_channel } : {}),
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
    ...(typeof wire.recovery_codes_remaining === "number"
      ? { recoveryCodesRemaining: wire.recovery_codes_remaining }
      : {}),
  };
}

export function verifyResultToWire(value: VerifyResult): WireVerifyResult {
  return {
    success: true,
    ...(value.recoveryCodesRemaining !== undefined
      ? { recovery_codes_remaining: value.recoveryCodesRemaining }
      : {}),
  };
}

/** `EnrollOptions` minus the token → wire body; the `factor` forms become Auth0's shape. */
export function enrollOptionsToWire(options: EnrollOptions): WireEnrollBody {
  if ("factor" in options) {
    if (options.factor === "email") {
      return { authenticator_types: ["oob"], oob_channels: ["email"], email: options.email };
    }
    if (options.factor === "sms") {
      return {
        authenticator_types: ["oob"],
        oob_channels: ["sms"],
        phone_number: options.phoneNumber,
      };
    }
    return { authenticator_types: ["otp"] };
  }
  return {
    authenticator_types: [...options.authenticatorTypes],
    ...("oobChannels" in options ? { oob_channels: [...options.oobChannels] } : {}),
    ...("email" in options ? { email: options.email } : {}),
    ...("phoneNumber" in options ? { phone_number: options.phoneNumber } : {}),
  };
}

/** Wire body (already validated) + token → `EnrollOptions`. */
export function enrollOptionsFromWire(body: WireEnrollBody, mfaToken: string): EnrollOptions {
  return {
    mfaToken,
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
  return { oob_code: options.oobCode, binding_code: options.bindingCode };
}

export function verifyOptionsFromWire(body: WireVerifyBody, mfaToken: string): VerifyOptions {
  if ("otp" in body) return { mfaToken, otp: body.otp };
  if ("recovery_code" in body) return { mfaToken, recoveryCode: body.recovery_code };
  return { mfaToken, oobCode: body.oob_code, bindingCode: body.binding_code };
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

/** `GET /auth/mfa/factors`: the factors the user may enroll. */
export interface WireEnrollmentFactors {
  factors: FactorType[];
}
