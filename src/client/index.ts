/**
 * next-stepup/client: browser side. Never imports server code.
 */
export { mfa, createMfaClient, type MfaClientOptions } from "./mfa-client.js";
export {
  errorFromBody,
  isStepUpError,
  MfaRequiredError,
  PopupBlockedError,
  PopupCancelledError,
  PopupInProgressError,
  PopupTimeoutError,
  StepUpError,
  TooManyAttemptsError,
  type ErrorCode,
  type MfaRequirements,
} from "../errors/index.js";
export type {
  Authenticator,
  Challenge,
  ChallengeOptions,
  EnrollOptions,
  Enrollment,
  MfaApi,
  VerifyOptions,
  VerifyResult,
  WithMfaToken,
} from "../types/index.js";
export {
  challengeWithPopup,
  type ChallengeWithPopupOptions,
  type PopupResult,
} from "./popup/challenge-with-popup.js";
export { useUser, type UseUserOptions, type UseUserResult } from "./hooks/use-user.js";
export {
  useAuthenticators,
  type UseAuthenticatorsOptions,
  type UseAuthenticatorsResult,
} from "./hooks/use-authenticators.js";
