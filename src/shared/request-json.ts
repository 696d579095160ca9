import { errorFromBody } from "../errors/from-body.js";
import { StepUpError, type MfaOperation } from "../errors/step-up-error.js";
import { isAbort, transportError } from "../errors/transport-error.js";

export interface RequestJsonOptions {
  fetch?: typeof fetch;
  operation?: MfaOperation;
  /** Aborts the request; a timeout is `AbortSignal.timeout(ms)`. */
  signal?: AbortSignal;
  /**
   * Makes the error of a non-2xx answer (default `errorFromBody`): the
   * server's calls to the authorization server read its vocabulary here.
   */
  toError?: (body: unknown, response: Response) => StepUpError;
}

/**
 * The one place where a transport outcome becomes a value or a coded error:
 * a fetch failure, abort or timeout → `transportError` (`network_error`,
 * `timeout`), a body cut short the same way, a non-JSON body →
 * `invalid_response`, a non-2xx status → the error its body names (see
 * `errorFromBody`). The original failure is kept as `cause`.
 */
export async function requestJson<T>(
  url: string | URL,
  init: RequestInit,
  options: RequestJsonOptions = {},
): Promise<T> {
  const doFetch = options.fetch ?? fetch;
  const operation = options.operation;
  let response: Response;
  try {
    response = await doFetch(url, {
      ...init,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    throw transportError(cause, operation);
  }
  if (response.status === 204) return undefined as T;
  let body: unknown;
  try {
    const text = await response.text();
    body = text === "" ? undefined : JSON.parse(text);
  } catch (cause) {
    // The timeout covers the body too: a stalled body is a transport failure, not a bad answer.
    if (isAbort(cause)) throw transportError(cause, operation);
    throw new StepUpError("invalid_response", `Expected JSON (HTTP ${response.status})`, {
      cause,
      operation,
      status: 502,
    });
  }
  if (!response.ok) {
    throw options.toError
      ? options.toError(body, response)
      : errorFromBody(body, {
          status: response.status,
          operation,
          retryAfterHeader: response.headers.get("retry-after"),
        });
  }
  return body as T;
}
