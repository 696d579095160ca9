/**
 * next-stepup/client: browser side. Never imports server code.
 */
export { mfa, createMfaClient, type MfaClientOptions } from "./mfa-client.js";
export {
  errorFromBody,
  isStepUpError,
  MfaRequiredError,
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
  FactorType,
  MfaApi,
  RecoveryCodes,
  VerifyOptions,
  VerifyResult,
  WithMfaToken,
} from "../types/index.js";
