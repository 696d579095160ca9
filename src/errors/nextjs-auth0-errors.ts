import type { ErrorCode } from "./codes.js";
import { MfaRequiredError } from "./mfa-required-error.js";
import { StepUpError, type MfaOperation, type StepUpErrorOptions } from "./step-up-error.js";

/*
 * @auth0/nextjs-auth0's MFA error classes, for code migrating from it: its
 * `instanceof` checks keep working unchanged. They are StepUpError subclasses
 * whose `instanceof` matches by what an error IS, not by the class it was
 * made with (Symbol.hasInstance):
 *
 * - an operation's class (MfaVerifyError, …) matches every error that
 *   operation throws from the authorization server or the transport,
 *   whatever its code (`invalid_grant`, `too_many_attempts` as a
 *   TooManyAttemptsError with `retryAfter`, `expired_token`, …), except a
 *   step-up (MfaRequiredError) and the context's own errors below, as in
 *   nextjs-auth0;
 * - the context's classes match by code: MfaTokenExpiredError is
 *   `mfa_token_expired`, MfaTokenInvalidError `mfa_token_invalid`, and
 *   MfaTokenNotFoundError our `mfa_token_mismatch` (a context that is not
 *   this session's, which nextjs-auth0 calls `mfa_token_not_found`).
 *
 * So the SDK throws its usual errors with their stable codes, and neither the
 * browser's `mfa` nor the server builds another class for them (nothing is
 * added to the `mfa` bundle); these classes live in `next-stepup/errors` only.
 */

/** Codes of the sealed MFA context, each with its own class below. */
const CONTEXT_CODES: ReadonlySet<string> = new Set([
  "mfa_token_expired",
  "mfa_token_invalid",
  "mfa_token_mismatch",
]);

function isOperationError(value: unknown, operation: MfaOperation): boolean {
  return (
    value instanceof StepUpError &&
    value.operation === operation &&
    !(value instanceof MfaRequiredError) &&
    !CONTEXT_CODES.has(value.code)
  );
}

type ViewOptions = Omit<StepUpErrorOptions, "operation">;

/** `mfa.getAuthenticators` failed (nextjs-auth0's class; matches by operation). */
export class MfaGetAuthenticatorsError extends StepUpError {
  constructor(code: ErrorCode, description?: string, options: ViewOptions = {}) {
    super(code, description, { ...options, operation: "getAuthenticators" });
  }
  static override [Symbol.hasInstance](value: unknown): value is MfaGetAuthenticatorsError {
    return isOperationError(value, "getAuthenticators");
  }
}

/** `mfa.enroll` failed (nextjs-auth0's class; matches by operation). */
export class MfaEnrollmentError extends StepUpError {
  constructor(code: ErrorCode, description?: string, options: ViewOptions = {}) {
    super(code, description, { ...options, operation: "enroll" });
  }
  static override [Symbol.hasInstance](value: unknown): value is MfaEnrollmentError {
    return isOperationError(value, "enroll");
  }
}

/** `mfa.deleteAuthenticator` failed (nextjs-auth0's class; matches by operation). */
export class MfaDeleteAuthenticatorError extends StepUpError {
  constructor(code: ErrorCode, description?: string, options: ViewOptions = {}) {
    super(code, description, { ...options, operation: "deleteAuthenticator" });
  }
  static override [Symbol.hasInstance](value: unknown): value is MfaDeleteAuthenticatorError {
    return isOperationError(value, "deleteAuthenticator");
  }
}

/** `mfa.challenge` failed (nextjs-auth0's class; matches by operation). */
export class MfaChallengeError extends StepUpError {
  constructor(code: ErrorCode, description?: string, options: ViewOptions = {}) {
    super(code, description, { ...options, operation: "challenge" });
  }
  static override [Symbol.hasInstance](value: unknown): value is MfaChallengeError {
    return isOperationError(value, "challenge");
  }
}

/**
 * `mfa.verify` (or `verifyPush`) failed: a wrong code is `invalid_grant`
 * (nextjs-auth0's class; matches by operation).
 */
export class MfaVerifyError extends StepUpError {
  constructor(code: ErrorCode = "invalid_grant", description?: string, options: ViewOptions = {}) {
    super(code, description, { ...options, operation: "verify" });
  }
  static override [Symbol.hasInstance](value: unknown): value is MfaVerifyError {
    return isOperationError(value, "verify");
  }
}

/** The sealed MFA context is older than `mfaContextTtl` (`mfa_token_expired`). */
export class MfaTokenExpiredError extends StepUpError {
  constructor(options: StepUpErrorOptions = {}) {
    super("mfa_token_expired", undefined, options);
  }
  static override [Symbol.hasInstance](value: unknown): value is MfaTokenExpiredError {
    return value instanceof StepUpError && value.code === "mfa_token_expired";
  }
}

/** The sealed MFA context is tampered with, malformed or sealed with another secret (`mfa_token_invalid`). */
export class MfaTokenInvalidError extends StepUpError {
  constructor(options: StepUpErrorOptions = {}) {
    super("mfa_token_invalid", undefined, options);
  }
  static override [Symbol.hasInstance](value: unknown): value is MfaTokenInvalidError {
    return value instanceof StepUpError && value.code === "mfa_token_invalid";
  }
}

/**
 * The MFA context is not this session's: nextjs-auth0's `mfa_token_not_found`
 * ("no context for this token in the session"), which is our stable
 * `mfa_token_mismatch` (its `code`).
 */
export class MfaTokenNotFoundError extends StepUpError {
  constructor(options: StepUpErrorOptions = {}) {
    super("mfa_token_mismatch", undefined, options);
  }
  static override [Symbol.hasInstance](value: unknown): value is MfaTokenNotFoundError {
    return value instanceof StepUpError && value.code === "mfa_token_mismatch";
  }
}
