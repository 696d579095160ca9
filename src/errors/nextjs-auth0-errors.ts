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
 *   MfaTokenNotFoundError `mfa_token_not_found` (no context for this token
 *   in the session: it was sealed for another one). The codes are
 *   nextjs-auth0's own, so `err.code` checks migrate unchanged too.
 *
 * The server's `auth.mfa` also throws them: `codedError` (below) is how it
 * makes an error of an operation, and `asNextjsAuth0Error` remakes what the
 * shared transport and error reading gave, so a failed `auth.mfa.verify` IS
 * an MfaVerifyError (its `name` too, as nextjs-auth0's logs show), with our
 * stable code. The browser's `mfa` throws plain StepUpErrors with their
 * `operation` (its `name` is "StepUpError"): constructing the classes there
 * would put them all in the bundle of `import { mfa }`, and `instanceof`
 * matches without it. Symbol.hasInstance also matches the errors that need a
 * class of their own (TooManyAttemptsError with `retryAfter` during a verify
 * is an MfaVerifyError as well).
 */

/** Codes of the sealed MFA context, each with its own class below. */
const CONTEXT_CODES: ReadonlySet<string> = new Set([
  "mfa_token_expired",
  "mfa_token_invalid",
  "mfa_token_not_found",
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
  constructor(description?: string, options: StepUpErrorOptions = {}) {
    super("mfa_token_expired", description, options);
  }
  static override [Symbol.hasInstance](value: unknown): value is MfaTokenExpiredError {
    return value instanceof StepUpError && value.code === "mfa_token_expired";
  }
}

/** The sealed MFA context is tampered with, malformed or sealed with another secret (`mfa_token_invalid`). */
export class MfaTokenInvalidError extends StepUpError {
  constructor(description?: string, options: StepUpErrorOptions = {}) {
    super("mfa_token_invalid", description, options);
  }
  static override [Symbol.hasInstance](value: unknown): value is MfaTokenInvalidError {
    return value instanceof StepUpError && value.code === "mfa_token_invalid";
  }
}

/**
 * No MFA context for this token in the session (`mfa_token_not_found`): it
 * was sealed for another session or user.
 */
export class MfaTokenNotFoundError extends StepUpError {
  constructor(description?: string, options: StepUpErrorOptions = {}) {
    super("mfa_token_not_found", description, options);
  }
  static override [Symbol.hasInstance](value: unknown): value is MfaTokenNotFoundError {
    return value instanceof StepUpError && value.code === "mfa_token_not_found";
  }
}

type OperationClass = new (
  code: ErrorCode,
  description?: string,
  options?: ViewOptions,
) => StepUpError;

const OPERATION_CLASSES: Partial<Record<MfaOperation, OperationClass>> = {
  getAuthenticators: MfaGetAuthenticatorsError,
  enroll: MfaEnrollmentError,
  deleteAuthenticator: MfaDeleteAuthenticatorError,
  challenge: MfaChallengeError,
  verify: MfaVerifyError,
};

/**
 * The coded error for `code` as the class nextjs-auth0 throws for it: a
 * context code gets its context class, an error of one of nextjs-auth0's five
 * operations its operation's class, anything else a plain StepUpError. Where
 * the SDK makes an error that may carry an operation, it makes it here.
 * (Errors with extra fields, MfaRequiredError and TooManyAttemptsError, keep
 * their own classes and are matched by `instanceof` above.)
 */
export function codedError(
  code: ErrorCode,
  description?: string,
  options: StepUpErrorOptions = {},
): StepUpError {
  switch (code) {
    case "mfa_token_expired":
      return new MfaTokenExpiredError(description, options);
    case "mfa_token_invalid":
      return new MfaTokenInvalidError(description, options);
    case "mfa_token_not_found":
      return new MfaTokenNotFoundError(description, options);
  }
  const { operation, ...rest } = options;
  const Class = operation ? OPERATION_CLASSES[operation] : undefined;
  return Class ? new Class(code, description, rest) : new StepUpError(code, description, options);
}

/**
 * `error` as `codedError` would have made it, when it is a plain StepUpError
 * (the shared transport and error reading make those, to keep the classes out
 * of the browser's bundle): the server's `auth.mfa` throws nextjs-auth0's
 * classes by name. Message, status, operation, cause and stack are kept;
 * anything else is returned as it is.
 */
export function asNextjsAuth0Error(error: unknown): unknown {
  if (!(error instanceof StepUpError) || error.constructor !== StepUpError) return error;
  const named = codedError(error.code, error.message, {
    status: error.status,
    ...(error.operation ? { operation: error.operation } : {}),
    ...(error.cause !== undefined ? { cause: error.cause } : {}),
  });
  if (named.constructor === StepUpError) return error;
  // Where it failed, not where it was renamed.
  if (error.stack) named.stack = error.stack.replace(/^StepUpError/, named.name);
  return named;
}
