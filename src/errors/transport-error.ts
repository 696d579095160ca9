import { StepUpError, type MfaOperation } from "./step-up-error.js";

/**
 * The one place where a failure to talk to the far side becomes a coded
 * error, keeping the original as `cause`:
 * - the request ran out of time (`AbortSignal.timeout`'s `TimeoutError`) →
 *   `timeout` (504);
 * - anything else that kept an answer from arriving (refused connection, DNS,
 *   TLS, a reset mid-body, an abort by the caller) → `network_error` (502);
 * - a coded error is passed through; one made earlier by the SDK's issuer
 *   fetch gains the `operation` it lacked.
 */
export function transportError(cause: unknown, operation?: MfaOperation): StepUpError {
  if (cause instanceof StepUpError) {
    const transport = cause.code === "network_error" || cause.code === "timeout";
    if (!transport || cause.operation !== undefined || operation === undefined) return cause;
    return new StepUpError(cause.code, cause.message, {
      status: cause.status,
      operation,
      cause: cause.cause,
    });
  }
  return isTimeout(cause)
    ? new StepUpError("timeout", "The server did not answer in time", { cause, operation })
    : new StepUpError("network_error", "The server could not be reached", { cause, operation });
}

/** An abort whose reason is a timeout (fetch rejects with the signal's reason). */
export function isTimeout(cause: unknown): boolean {
  return errorName(cause) === "TimeoutError";
}

/** A request cut short by an AbortSignal, for a timeout or any other reason. */
export function isAbort(cause: unknown): boolean {
  const name = errorName(cause);
  return name === "TimeoutError" || name === "AbortError";
}

function errorName(value: unknown): unknown {
  return typeof value === "object" && value !== null
    ? (value as { name?: unknown }).name
    : undefined;
}
