import type { StepUpActionResult } from "../types/index.js";
import type { StepUpGate, StepUpHandler } from "./step-up-gate.js";
import { stepUpRequestFromActionError, stepUpRequestFromError } from "./step-up-request.js";

/**
 * Calls `call(...args)`; when it asks for a step-up, runs it through `gate`
 * and calls again, once. A step-up is asked for in one of two ways:
 * - the call rejects with `MfaRequiredError` (an `mfa.*` call, or any code
 *   of the app that throws it): once stepped up the call is made again; when
 *   the user gives up, the original error is thrown;
 * - the call resolves with a `withStepUpAction` result whose error is
 *   `mfa_required`: once stepped up the action runs again; when the user
 *   gives up, that first result is returned.
 * The second answer, whatever it is, is the caller's.
 */
export async function runThroughGate<Args extends unknown[], T>(
  gate: StepUpGate,
  onStepUp: StepUpHandler,
  call: (...args: Args) => Promise<T>,
  args: Args,
): Promise<T> {
  if (typeof call !== "function") {
    throw new TypeError("next-stepup: run needs a function to call");
  }
  let first: T;
  try {
    first = await call(...args);
  } catch (error) {
    const request = stepUpRequestFromError(error);
    if (!request || !(await gate.run(request, onStepUp))) throw error;
    return call(...args);
  }
  const failed = asFailedActionResult(first);
  const request = failed && stepUpRequestFromActionError(failed.error);
  if (!request || !(await gate.run(request, onStepUp))) return first;
  return call(...args);
}

/** A `withStepUpAction` error result, recognised by its shape (`ok: false` and a wire error). */
function asFailedActionResult(
  value: unknown,
): Extract<StepUpActionResult<unknown>, { ok: false }> | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const result = value as { ok?: unknown; error?: unknown };
  if (result.ok !== false || typeof result.error !== "object" || result.error === null) {
    return undefined;
  }
  return typeof (result.error as { error?: unknown }).error === "string"
    ? (result as Extract<StepUpActionResult<unknown>, { ok: false }>)
    : undefined;
}
