import type {
  Authenticator,
  Challenge,
  ChallengeOptions,
  EnrollOptions,
  Enrollment,
  VerifyOptions,
  VerifyResult,
  WithMfaToken,
} from "../../types/index.js";
import { resolveCookieJar, type CookieContext } from "../cookies/next-cookies.js";
import type { Core } from "../core.js";
import { challenge } from "./challenge.js";
import { enroll } from "./enroll.js";
import { getAuthenticators } from "./get-authenticators.js";
import { verify } from "./verify.js";

/**
 * `auth.mfa`: the MfaApi of src/types, on the server. Inside Next.js the
 * session comes from `cookies()`; elsewhere pass `{ cookies: jar }`.
 * Errors carry `operation`.
 */
export interface ServerMfaApi {
  /** @throws StepUpError `unauthorized`, `mfa_token_invalid|expired|mismatch`, or the issuer's code. */
  getAuthenticators(options: WithMfaToken, context?: CookieContext): Promise<Authenticator[]>;
  /** @throws as getAuthenticators, plus `already_enrolled`. */
  enroll(options: EnrollOptions, context?: CookieContext): Promise<Enrollment>;
  challenge(options: ChallengeOptions, context?: CookieContext): Promise<Challenge>;
  /**
   * Updates the session cookie with the stepped-up token.
   * @throws StepUpError `invalid_grant`, `too_many_attempts` (TooManyAttemptsError),
   *   `mfa_required` (MfaRequiredError, chained factor), and the context codes.
   */
  verify(options: VerifyOptions, context?: CookieContext): Promise<VerifyResult>;
}

export function createServerMfaApi(core: Core): ServerMfaApi {
  return {
    getAuthenticators: async (options, context) =>
      getAuthenticators(core, await resolveCookieJar(context), options),
    enroll: async (options, context) => enroll(core, await resolveCookieJar(context), options),
    challenge: async (options, context) =>
      challenge(core, await resolveCookieJar(context), options),
    verify: async (options, context) => verify(core, await resolveCookieJar(context), options),
  };
}
