/**
 * next-stepup/server: the Next.js server SDK. Web APIs only (Edge-safe).
 */
export { AuthClient } from "./auth-client.js";
export type { AuthClientOptions, SessionDurations, SessionOptions } from "./config.js";
export type { GetAccessTokenOptions } from "./access-token.js";
export type { FetchWithTokenOptions } from "./fetch-with-token.js";
export type { ServerMfaApi } from "./mfa/server-mfa-api.js";
export type { CookieContext } from "./cookies/next-cookies.js";
export { createCookieJar, type CookieJar, type CookieOptions } from "./cookies/cookie-jar.js";
export {
  MfaRequiredError,
  StepUpError,
  TooManyAttemptsError,
  type ErrorCode,
  type MfaRequirements,
} from "../errors/index.js";
export type {
  AccessToken,
  Authenticator,
  Challenge,
  ChallengeOptions,
  EnrollOptions,
  Enrollment,
  FactorType,
  RecoveryCodes,
  User,
  VerifyOptions,
  VerifyResult,
} from "../types/index.js";
export { withStepUp, type WithStepUpOptions } from "./with-step-up.js";
export { withStepUpAction } from "./with-step-up-action.js";
export type { RequireStepUpOptions } from "./step-up-guard.js";
export type { StepUpActionError, StepUpActionResult } from "../types/index.js";
export {
  protectApi,
  type ApiGuard,
  type ProtectApiOptions,
  type ProtectedContext,
} from "./resource-server/protect-api.js";
export { MFA_ACR, type AccessTokenClaims } from "./resource-server/check-claims.js";
