import { StepUpError } from "../errors/index.js";
import { isNextControlFlow } from "./next-control-flow.js";

/** Options of `withStepUp` and `withStepUpAction`. */
export interface WithStepUpOptions {
  /**
   * Called with an error that is not a StepUpError before it is answered as a
   * bare `server_error`; default `console.error`. The answer never carries it.
   */
  onError?: (error: unknown) => void;
}

const logError = (error: unknown) => console.error("next-stepup: unhandled error", error);

/**
 * Wraps a route handler so that a thrown StepUpError becomes its JSON answer
 * (`MfaRequiredError` → 403 `mfa_required` with the sealed context and
 * `mfa_requirements`, `too_many_attempts` → 429 with Retry-After, …) and any
 * other error a logged 500 `server_error` that leaks nothing. Next.js
 * control-flow throws (`redirect()`, `notFound()`) pass through.
 * @example
 * export const POST = withStepUp(async (request: Request) => {
 *   const { token } = await auth.getAccessToken({ audience: PAYMENTS });
 *   return fetch(PAYMENTS_URL, { headers: { authorization: `Bearer ${token}` } });
 * });
 */
export function withStepUp<Args extends unknown[]>(
  handler: (...args: Args) => Response | Promise<Response>,
  options: WithStepUpOptions = {},
): (...args: Args) => Promise<Response> {
  const onError = options.onError ?? logError;
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (isNextControlFlow(error)) throw error;
      if (error instanceof StepUpError) return error.toResponse();
      onError(error);
      return new StepUpError("server_error").toResponse();
    }
  };
}
