import { authenticatorFromWire, type WireAuthenticator } from "../shared/wire.js";
import { FACTOR_TYPES } from "../types/factor-type.js";
import type { Authenticator } from "../types/index.js";
import { isErrorCode } from "./codes.js";
import { MfaRequiredError, type MfaRequirements } from "./mfa-required-error.js";
import { StepUpError, type MfaOperation } from "./step-up-error.js";
import { TooManyAttemptsError } from "./too-many-attempts-error.js";

export interface FromBodyOptions {
  status: number;
  operation?: MfaOperation;
  /** A `Retry-After` header value, used when the body has no `retry_after`. */
  retryAfterHeader?: string | null;
  /**
   * The body's `authenticators`, read by `readAuthenticators`. Passed in
   * rather than read here, so that the `mfa` client, which does not show
   * them, does not carry the parser in its bundle.
   */
  authenticators?: Authenticator[] | undefined;
  cause?: unknown;
}

/**
 * Turns an error answer (`{error, error_description, ...}` with its status)
 * into the matching typed error. A code neither vocabulary knows becomes
 * `unknown_error` when the answer is a 4xx (the server refused: its status is
 * kept, and `cause` is the body, `{error, error_description}`), else
 * `invalid_response`; so a caller can always `switch (err.code)` over the
 * closed union.
 */
export function errorFromBody(body: unknown, options: FromBodyOptions): StepUpError {
  const record = isRecord(body) ? body : {};
  const code = record.error;
  const description =
    typeof record.error_description === "string" ? record.error_description : undefined;
  const common = { status: options.status, operation: options.operation, cause: options.cause };

  if (!isErrorCode(code)) {
    if (typeof code === "string" && options.status >= 400 && options.status < 500) {
      return new StepUpError("unknown_error", `${code}${description ? `: ${description}` : ""}`, {
        ...common,
        cause: { error: code, error_description: description },
      });
    }
    return new StepUpError(
      "invalid_response",
      `Unexpected error answer (HTTP ${options.status}${typeof code === "string" ? `, ${code}` : ""})`,
      { ...common, status: 502 },
    );
  }
  if (code === "mfa_required" && typeof record.mfa_token === "string") {
    return new MfaRequiredError(record.mfa_token, parseRequirements(record.mfa_requirements), {
      ...common,
      ...(description ? { description } : {}),
      ...(typeof record.audience === "string" ? { audience: record.audience } : {}),
      ...(options.authenticators ? { authenticators: options.authenticators } : {}),
    });
  }
  if (code === "too_many_attempts" || code === "too_many_requests") {
    const seconds = Number(record.retry_after ?? options.retryAfterHeader ?? 60);
    return new TooManyAttemptsError(Number.isFinite(seconds) ? seconds : 60, {
      ...common,
      code,
      ...(description ? { description } : {}),
    });
  }
  return new StepUpError(code, description, common);
}

function parseRequirements(value: unknown): MfaRequirements {
  if (!isRecord(value)) return {};
  const pick = (list: unknown) =>
    Array.isArray(list)
      ? list.filter(
          (item): item is { type: never } => isRecord(item) && typeof item.type === "string",
        )
      : undefined;
  const challenge = pick(value.challenge);
  const enroll = pick(value.enroll);
  return { ...(challenge ? { challenge } : {}), ...(enroll ? { enroll } : {}) };
}

/**
 * The `authenticators` of an `mfa_required` body (see MfaRequiredError), as
 * the SDK's server lists them (WireAuthenticator): the entries that name an
 * id and a type are kept, a malformed one is dropped, not trusted; a `type`
 * that is not one of our factors is `unknown`, an `active` that is not
 * `false` is true. Undefined when the body has no list.
 */
export function readAuthenticators(body: unknown): Authenticator[] | undefined {
  const list = isRecord(body) ? body.authenticators : undefined;
  if (!Array.isArray(list)) return undefined;
  return list
    .filter(
      (item): item is WireAuthenticator =>
        isRecord(item) &&
        typeof item.id === "string" &&
        typeof item.authenticator_type === "string",
    )
    .map((item) => ({
      ...authenticatorFromWire(item),
      type: (FACTOR_TYPES as readonly unknown[]).includes(item.type) ? item.type : "unknown",
      active: item.active !== false,
    }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
