import { StepUpError, TooManyAttemptsError } from "next-stepup/errors";

/**
 * Friendly text for an error from the `mfa` API or the payment route. It
 * switches on `err.code` (a closed union), never on the message text.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof StepUpError)) return "Something went wrong. Try again.";
  switch (error.code) {
    case "invalid_grant":
      return "That code is not valid. Try again.";
    case "too_many_attempts": {
      const seconds = error instanceof TooManyAttemptsError ? error.retryAfter : 60;
      return `Too many attempts. Try again in ${seconds} seconds.`;
    }
    case "access_denied":
      return "The request was denied on your device.";
    case "mfa_token_expired":
    case "expired_token":
      return "This step-up expired. Start again.";
    case "mfa_token_invalid":
    case "mfa_token_not_found":
    case "invalid_token":
      return "This step-up is no longer valid. Start again.";
    case "unauthorized":
      return "Your session has ended. Sign in again.";
    case "invalid_request":
      return error.message;
    case "network_error":
      return "The server could not be reached. Check your connection and try again.";
    // A passkey prompt that gave nothing: WebAuthn does not say whether the user
    // cancelled or had no passkey here, so one message covers both.
    case "passkey_cancelled":
      return "The passkey was not used. Try again, or use another way.";
    case "passkey_timeout":
      return "The passkey prompt timed out. Try again.";
    case "passkey_no_credential":
      return "You have no passkey for this yet. Use another way, or set one up.";
    case "passkey_already_registered":
      return "This device already holds a passkey for your account.";
    case "passkey_wrong_rp":
    case "passkey_not_allowed":
      return "This browser cannot use a passkey here. Use another way.";
    default:
      return `Something went wrong (${error.code}). Try again.`;
  }
}
