import type { StepUpRequest } from "./step-up-request.js";

/**
 * The app's step-up UI: resolve (with anything but `false`) once the user has
 * stepped up; resolve `false` to give up; reject to give up with a reason
 * (e.g. `popup_cancelled`), which the caller then sees.
 */
export type StepUpHandler = (request: StepUpRequest) => unknown;

/** One step-up at a time: callers that need one while another runs wait for its outcome. */
export interface StepUpGate {
  /** Runs `handler` unless a step-up is already running; true = stepped up. */
  run(request: StepUpRequest, handler: StepUpHandler): Promise<boolean>;
}

/**
 * Several calls failing together (a page loading three widgets) must not open
 * three dialogs or popups: the first runs the step-up and the others share it.
 */
export function createStepUpGate(): StepUpGate {
  let inFlight: Promise<boolean> | undefined;
  return {
    run(request, handler) {
      inFlight ??= Promise.resolve()
        .then(() => handler(request))
        .then((outcome) => outcome !== false)
        .finally(() => {
          inFlight = undefined;
        });
      return inFlight;
    },
  };
}
