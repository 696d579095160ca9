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
    default:
      return `Something went wrong (${error.code}). Try again.`;
  }
}
