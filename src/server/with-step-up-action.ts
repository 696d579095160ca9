import { StepUpError } from "../errors/index.js";
import type { StepUpActionError, StepUpActionResult } from "../types/index.js";
import { isNextControlFlow } from "./next-control-flow.js";
import type { WithStepUpOptions } from "./with-step-up.js";

const logError = (error: unknown) => console.error("next-stepup: unhandled error", error);

/**
 * Wraps a server action so that it returns a plain, serializable result
 * instead of throwing. A production build of Next.js replaces a thrown error
 * by a generic one with a digest before it reaches the browser, so a thrown
 * MfaRequiredError would lose its code and sealed context; a returned value
 * arrives intact. Any other error becomes a logged `server_error`;
 * `redirect()`/`notFound()` (objects with a `digest`) are rethrown for Next.
 * On the client, `useStepUp().run(action, ...args)` runs the step-up and
 * re-runs the action once.
 * @example
 * "use server";
 * export const sendPayment = withStepUpAction(async (input: PaymentInput) => {
 *   const { token } = await auth.getAccessToken({ audience: PAYMENTS });
 *   return callPaymentsApi(token, input);
 * });
 */
export function withStepUpAction<Args extends unknown[], T>(
  action: (...args: Args) => T | Promise<T>,
  options: WithStepUpOptions = {},
): (...args: Args) => Promise<StepUpActionResult<Awaited<T>>> {
  const onError = options.onError ?? logError;
  return async (...args) => {
    try {
      return { ok: true, data: await action(...args) };
    } catch (error) {
      if (isNextControlFlow(error)) throw error;
      if (error instanceof StepUpError) return { ok: false, error: toActionError(error) };
      onError(error);
      return { ok: false, error: toActionError(new StepUpError("server_error")) };
    }
  };
}

/** The error's wire shape as a fresh plain object (no class instance crosses the boundary). */
function toActionError(error: StepUpError): StepUpActionError {
  return JSON.parse(JSON.stringify(error.toJSON())) as StepUpActionError;
}
