/**
 * next-stepup/client: browser side. Never imports server code.
 */
export { mfa, createMfaClient } from "./mfa-client.js";
// Passkeys: the browser's WebAuthn prompt is loaded with import() on first use.
export {
  enrollPasskey,
  verifyWithPasskey,
  type EnrollPasskeyOptions,
  type PasskeyEnrollmentResult,
  type VerifyWithPasskeyOptions,
} from "./passkeys/passkey-helpers.js";
export { configureClient, type ClientConfig } from "./client-config.js";
export {
  errorFromJSON,
  errorFromResponse,
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
  EnrollmentFactor,
  FactorName,
  FactorType,
  MfaApi,
  RecoveryCodes,
  VerifyOptions,
  VerifyResult,
  WebAuthnEnrollment,
  WithMfaToken,
} from "../types/index.js";
// Step-up surfaces. Each lives in its own module and creates nothing at import
// time, so an app that imports only `mfa` bundles none of this (nor React).
export { fetchWithStepUp, type FetchWithStepUpOptions } from "./fetch-with-step-up.js";
export { verifyPush, type VerifyPushOptions } from "./verify-push.js";
export type { StepUpHandler } from "./step-up-gate.js";
export type { StepUpRequest } from "./step-up-request.js";
export {
  useStepUp,
  type PendingStepUp,
  type UseStepUp,
  type UseStepUpOptions,
} from "./use-step-up.js";
export { getStepUpContext, type StepUpContext } from "./step-up-context.js";
export type { StepUpActionError, StepUpActionResult } from "../types/index.js";
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
