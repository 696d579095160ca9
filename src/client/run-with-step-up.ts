import type { StepUpActionResult } from "../types/index.js";
import type { StepUpGate, StepUpHandler } from "./step-up-gate.js";
import { stepUpRequestFromActionError } from "./step-up-request.js";

/**
 * Calls a `withStepUpAction` server action; when its result asks for a
 * step-up, runs it through `gate` and calls the action again, once. Returns
 * the last result (the first one when the user gives up).
 */
export async function runThroughGate<Args extends unknown[], T>(
  gate: StepUpGate,
  onStepUp: StepUpHandler,
  action: (...args: Args) => Promise<StepUpActionResult<T>>,
  args: Args,
): Promise<StepUpActionResult<T>> {
  if (typeof action !== "function") {
    throw new TypeError("next-stepup: run needs a server action wrapped by withStepUpAction");
  }
  const first = await action(...args);
  if (first.ok) return first;
  const request = stepUpRequestFromActionError(first.error);
  if (!request || !(await gate.run(request, onStepUp))) return first;
  return action(...args);
}
