import type { PasskeyErrorCode } from "../../errors/codes.js";
import { StepUpError, type MfaOperation } from "../../errors/index.js";

/** The HTTP status each passkey code stands for (they never travel; it mirrors the meaning, as for popups). */
const STATUS: Record<PasskeyErrorCode, number> = {
  passkey_cancelled: 400,
  passkey_timeout: 408,
  passkey_not_allowed: 403,
  passkey_no_credential: 400,
  passkey_wrong_rp: 400,
  passkey_already_registered: 409,
};

/** A coded passkey failure. */
export function passkeyFailure(
  code: PasskeyErrorCode,
  description: string,
  options: { operation: MfaOperation; cause?: unknown },
): StepUpError {
  return new StepUpError(code, description, { ...options, status: STATUS[code] });
}

/** How the browser's WebAuthn prompt ended, when it did not give a credential. */
export interface PasskeyFailure {
  /** What navigator.credentials.create/get threw (or @simplewebauthn/browser's WebAuthnError around it). */
  error: unknown;
  ceremony: "registration" | "authentication";
  /** Milliseconds the prompt was open, and the ceremony's own timeout (the options' `timeout`). */
  elapsedMs: number;
  timeoutMs: number;
}

/**
 * Turns a failed WebAuthn prompt into a coded StepUpError, reading the
 * error's `name` (the DOMException names are a stable part of the WebAuthn
 * API; never the message) and @simplewebauthn/browser's `code`. WebAuthn
 * reports a dismissed prompt, a refused one and "no passkey on this device"
 * alike as NotAllowedError, on purpose (WebAuthn §14.5: a site must not learn
 * which credentials a user has), so those are all `passkey_cancelled`, but
 * the same error once the ceremony's time is up is `passkey_timeout`.
 */
export function passkeyError(failure: PasskeyFailure): StepUpError {
  const { error, ceremony } = failure;
  const options = {
    cause: error,
    operation: ceremony === "registration" ? "enroll" : "verify",
  } as const;
  const coded = (code: PasskeyErrorCode, description: string) =>
    passkeyFailure(code, description, options);
  const name = error instanceof Error ? error.name : "";
  const code = (error as { code?: unknown } | null)?.code;
  switch (name) {
    case "AbortError":
      return coded("passkey_cancelled", "The passkey prompt was cancelled");
    case "NotAllowedError":
      return failure.elapsedMs >= failure.timeoutMs - 1_000
        ? coded("passkey_timeout", "The passkey prompt timed out")
        : coded("passkey_cancelled", "The passkey prompt was dismissed or no passkey answered");
    case "InvalidStateError":
      if (ceremony === "registration") {
        return coded(
          "passkey_already_registered",
          "This authenticator already holds a passkey for this account",
        );
      }
      break;
    case "SecurityError":
      if (code === "ERROR_INVALID_RP_ID" || code === "ERROR_INVALID_DOMAIN") {
        return coded("passkey_wrong_rp", "The passkey's relying party does not match this site");
      }
      break;
  }
  return coded("passkey_not_allowed", "This browser or authenticator cannot use a passkey here");
}
