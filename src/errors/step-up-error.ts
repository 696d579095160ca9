import { defaultDescription, ERROR_STATUS, type ErrorCode, type WireErrorCode } from "./codes.js";

/** The MFA operation an error came from, so a UI can tell "enroll failed" from "verify failed". */
export type MfaOperation =
  | "getAuthenticators"
  | "enroll"
  | "challenge"
  | "verify"
  | "deleteAuthenticator"
  | "renameAuthenticator"
  | "regenerateRecoveryCodes"
  | "getEnrollmentFactors"
  | "getAccessToken"
  | "login"
  | "logout"
  | "getStepUpContext";

/** The JSON shape of every error on the wire: OAuth's `{error, error_description}` plus named extras. */
export interface ErrorBody {
  error: ErrorCode;
  error_description: string;
  [extra: string]: unknown;
}

export interface StepUpErrorOptions {
  /** Overrides the code's default status (e.g. 413 for invalid_request on a large body). */
  status?: number;
  operation?: MfaOperation;
  cause?: unknown;
}

/**
 * The one base class of every error next-stepup throws or answers with.
 * `code` is a closed union; `status` is the HTTP status it answers with;
 * `toJSON()` gives the wire shape.
 */
export class StepUpError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly operation: MfaOperation | undefined;

  constructor(code: ErrorCode, description?: string, options: StepUpErrorOptions = {}) {
    super(description ?? defaultDescription(code), { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    // A passkey code has no entry: its errors always give their status.
    this.status = options.status ?? ERROR_STATUS[code as WireErrorCode] ?? 400;
    this.operation = options.operation;
  }

  /** The wire shape, `{error, error_description, ...extras}`. */
  toJSON(): ErrorBody {
    return { error: this.code, error_description: this.message, ...this.extraJSON() };
  }

  /** Fields a subclass adds to the wire shape (snake_case). */
  protected extraJSON(): Record<string, unknown> {
    return {};
  }

  /** Headers that must accompany this error in a response (e.g. Retry-After). */
  headers(): Record<string, string> {
    return {};
  }

  /**
   * A JSON `Response` for this error with `Cache-Control: no-store`.
   * (`Response.json` sets `application/json`, which is UTF-8 by definition, RFC 8259 §8.1.)
   */
  toResponse(): Response {
    return Response.json(this.toJSON(), {
      status: this.status,
      headers: { "cache-control": "no-store", ...this.headers() },
    });
  }
}
