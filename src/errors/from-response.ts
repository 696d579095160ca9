import { parseWwwAuthenticate } from "../shared/www-authenticate.js";
import { ERROR_STATUS, isErrorCode } from "./codes.js";
import { errorFromBody, readAuthenticators } from "./from-body.js";
import type { StepUpError } from "./step-up-error.js";

/**
 * The typed error an error answer's JSON stands for: the inverse of
 * `err.toJSON()`. Use it for a `withStepUpAction` result's `error`, or any
 * `{error, error_description, ...}` body. `status` defaults to the code's own.
 * An unknown or missing code gives `invalid_response`, so `switch (err.code)`
 * always meets a known code.
 * @example
 * const result = await run(sendPayment, payment);
 * if (!result.ok) show(describe(errorFromJSON(result.error)));
 */
export function errorFromJSON(body: unknown, status?: number): StepUpError {
  const code = (body as { error?: unknown } | null)?.error;
  return errorFromBody(body, {
    status: status ?? (isErrorCode(code) ? ERROR_STATUS[code] : 502),
    authenticators: readAuthenticators(body),
  });
}

/**
 * The typed error a failed `Response` carries: the JSON body of an SDK route,
 * a `withStepUp` handler or any OAuth-style API (`MfaRequiredError` for a 403
 * `mfa_required`, `TooManyAttemptsError` with the `Retry-After` seconds, …),
 * else the `error` of an RFC 6750 / RFC 9470 `WWW-Authenticate: Bearer`
 * challenge (`insufficient_user_authentication`, `invalid_token`, …), else
 * `invalid_response`. Reads a clone: the response stays readable.
 * @example
 * const response = await fetch("/api/payments", { method: "POST", body });
 * if (!response.ok) throw await errorFromResponse(response);
 */
export async function errorFromResponse(response: Response): Promise<StepUpError> {
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => undefined);
  const retryAfterHeader = response.headers.get("retry-after");
  const code = (body as { error?: unknown } | null)?.error;
  if (!isErrorCode(code)) {
    const challenge = parseWwwAuthenticate(response.headers.get("www-authenticate")).find(
      (c) => c.scheme.toLowerCase() === "bearer" && c.params.error !== undefined,
    );
    if (challenge) return errorFromBody(challenge.params, { status: response.status });
  }
  return errorFromBody(body, {
    status: response.status,
    retryAfterHeader,
    authenticators: readAuthenticators(body),
  });
}
