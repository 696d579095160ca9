import { errorFromBody } from "../../errors/from-body.js";
import type { MfaOperation, StepUpError } from "../../errors/index.js";

export interface IssuerErrorOptions {
  status: number;
  headers: Headers;
  operation: MfaOperation | undefined;
  /** Milliseconds since the epoch (the configured clock), for `X-RateLimit-Reset`. */
  now: number;
  cause?: unknown;
}

/**
 * An authorization server's error answer as a coded error, reading the parts
 * of Auth0's vocabulary that differ from ours:
 * - `unauthorized` is what a post-login Action's `api.access.deny(reason)`
 *   gives on the token endpoint: the server refused this user, so it is our
 *   `access_denied` (403) with the Action's reason; never our own
 *   `unauthorized`, which means "not signed in" and would send the user to
 *   sign in again, in a loop.
 * - a 429 carries `X-RateLimit-Reset` (epoch seconds) rather than
 *   `Retry-After` (https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy):
 *   it becomes the `retryAfter` of TooManyAttemptsError.
 * Everything else is `errorFromBody`'s: known codes keep their meaning, an
 * unknown 4xx code is `unknown_error` with the answer's status.
 */
export function issuerErrorFromBody(body: unknown, options: IssuerErrorOptions): StepUpError {
  const record: Record<string, unknown> =
    typeof body === "object" && body !== null && !Array.isArray(body) ? { ...body } : {};
  let status = options.status;
  if (record.error === "unauthorized") {
    record.error = "access_denied";
    status = 403;
  }
  return errorFromBody(record, {
    status,
    ...(options.operation ? { operation: options.operation } : {}),
    retryAfterHeader:
      options.headers.get("retry-after") ?? secondsUntil(options.headers, options.now),
    ...(options.cause !== undefined ? { cause: options.cause } : {}),
  });
}

/** Seconds from `now` to `X-RateLimit-Reset` (epoch seconds), as a header value; null when absent. */
function secondsUntil(headers: Headers, now: number): string | null {
  const reset = Number(headers.get("x-ratelimit-reset"));
  if (!Number.isFinite(reset) || reset <= 0) return null;
  return String(Math.max(1, Math.ceil(reset - now / 1000)));
}
