/**
 * next-stepup/errors: the one error hierarchy. Every error is a `StepUpError`
 * with a stable `code`, an HTTP `status` and `toJSON()` giving the wire shape.
 */
export type { ErrorCode } from "./codes.js";
export {
  StepUpError,
  type ErrorBody,
  type MfaOperation,
  type StepUpErrorOptions,
} from "./step-up-error.js";
export { MfaRequiredError, type FactorType, type MfaRequirements } from "./mfa-required-error.js";
export { TooManyAttemptsError } from "./too-many-attempts-error.js";
export { errorFromJSON, errorFromResponse } from "./from-response.js";
export {
  PopupBlockedError,
  PopupCancelledError,
  PopupInProgressError,
  PopupTimeoutError,
} from "./popup-errors.js";

import { StepUpError } from "./step-up-error.js";
/** True for any error of this library. */
export function isStepUpError(value: unknown): value is StepUpError {
  return value instanceof StepUpError;
}
