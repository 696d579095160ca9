/**
 * next-stepup/testing: helpers for tests of apps that use next-stepup: an
 * in-memory issuer with an in-process fetch, TOTP codes, and a scripted login.
 */
export {
  startTestIssuer,
  TEST_DEFAULTS,
  type TestClock,
  type TestIssuer,
} from "./start-test-issuer.js";
export {
  prepareTestStoreImageDir,
  removeTestStoreImageDir,
  STORE_IMAGE_DIR_ENV,
} from "./store-image.js";
export { generateTotp } from "./generate-totp.js";
export { createTestUser, type TestUser } from "./create-test-user.js";
export {
  readLatestCode,
  readOutbox,
  type OutboxMessage,
  type OutboxSource,
  type ReadOutboxOptions,
} from "./read-outbox.js";
export { signInThroughHostedLogin, type SignInOptions } from "./sign-in.js";
export {
  signInForTokens,
  type SignInForTokensOptions,
  type SignInTarget,
  type TokenAnswer,
} from "./sign-in-for-tokens.js";
export {
  mintSessionCookie,
  type MintedSessionCookie,
  type MintSessionCookieOptions,
} from "./mint-session-cookie.js";
export {
  startStepUpApp,
  type StepUpApp,
  type StepUpAppOptions,
  type TestAppHandler,
  type TestBrowser,
} from "./step-up-app.js";
