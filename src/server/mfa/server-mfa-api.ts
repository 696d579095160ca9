import type {
  Authenticator,
  Challenge,
  ChallengeOptions,
  EnrollOptions,
  Enrollment,
  EnrollmentFactor,
  RecoveryCodes,
  VerifyOptions,
  VerifyResult,
  WithMfaToken,
} from "../../types/index.js";
import { asNextjsAuth0Error } from "../../errors/nextjs-auth0-errors.js";
import { resolveCookieJar, type CookieContext } from "../cookies/next-cookies.js";
import type { Core } from "../core.js";
import { getMfaCapabilities, type MfaCapabilities } from "./capabilities.js";
import { challenge } from "./challenge.js";
import { deleteAuthenticator } from "./delete-authenticator.js";
import { enroll } from "./enroll.js";
import { getAuthenticators } from "./get-authenticators.js";
import { getEnrollmentFactors } from "./get-enrollment-factors.js";
import { regenerateRecoveryCodes } from "./regenerate-recovery-codes.js";
import { renameAuthenticator } from "./rename-authenticator.js";
import { verify } from "./verify.js";
import { verifyPush, type VerifyPushOptions } from "./verify-push.js";

/**
 * `auth.mfa`: the MfaApi of src/types, on the server. Inside Next.js the
 * session comes from `cookies()`; elsewhere pass `{ cookies: jar }`.
 * Errors carry `operation`.
 */
export interface ServerMfaApi {
  /** @throws StepUpError `unauthorized`, `mfa_token_invalid|expired|not_found`, or the issuer's code. */
  getAuthenticators(
    options?: Partial<WithMfaToken>,
    context?: CookieContext,
  ): Promise<Authenticator[]>;
  /**
   * Without `mfaToken`, a further factor on the session (security settings),
   * with an MFA API token holding `enroll`; confirm it with `verify` (or
   * `verifyPush`) without `mfaToken` too.
   * @throws as getAuthenticators, plus `already_enrolled`, MfaRequiredError (session).
   */
  enroll(options: EnrollOptions, context?: CookieContext): Promise<Enrollment>;
  challenge(options: ChallengeOptions, context?: CookieContext): Promise<Challenge>;
  /**
   * Updates the session cookie with the stepped-up token.
   * @throws StepUpError `invalid_grant`, `too_many_attempts` (TooManyAttemptsError),
   *   `mfa_required` (MfaRequiredError, chained factor), and the context codes.
   */
  verify(options: VerifyOptions, context?: CookieContext): Promise<VerifyResult>;
  /**
   * Verifies a push: polls `verify({ mfaToken, oobCode })` every `interval` ms
   * (default 5000, +5000 after each `slow_down`) until the user answers on the
   * device, for at most `timeout` ms (default 300000); `signal` aborts it.
   * @throws StepUpError `access_denied` (denied), `expired_token` (no answer in
   *   time or the context ran out), the signal's reason, and `verify`'s codes
   * @example
   * const { oobCode } = await auth.mfa.challenge({ mfaToken, challengeType: "oob", authenticatorId });
   * await auth.mfa.verifyPush({ mfaToken, oobCode: oobCode! });
   */
  verifyPush(options: VerifyPushOptions, context?: CookieContext): Promise<VerifyResult>;
  /**
   * Removes an authenticator, on the session, with an MFA API token
   * (`{issuer}/mfa/`, scope `remove:authenticators`).
   * @throws MfaRequiredError when the issuer wants a fresh MFA first: resolve it
   *   with `challenge`/`verify` and call again. StepUpError `unauthorized`,
   *   `invalid_request` (bad id), or the issuer's code.
   */
  deleteAuthenticator(id: string, context?: CookieContext): Promise<void>;
  /**
   * Gives a passkey a new name (scope `update:authenticators`); answers it renamed.
   * @throws as deleteAuthenticator; `invalid_request` for a factor the issuer names.
   */
  renameAuthenticator(id: string, name: string, context?: CookieContext): Promise<Authenticator>;
  /** New recovery codes (scope `enroll`); the old set stops working. @throws as deleteAuthenticator. */
  regenerateRecoveryCodes(context?: CookieContext): Promise<RecoveryCodes>;
  /** The factors the user may enroll (see MfaApi). @throws StepUpError `unauthorized`, context codes. */
  getEnrollmentFactors(
    options?: Partial<WithMfaToken>,
    context?: CookieContext,
  ): Promise<EnrollmentFactor[]>;
  /**
   * What the authorization server's MFA API offers beyond Auth0's, e.g.
   * `regenerateRecoveryCodes` (the issuer: yes; Auth0: no), so a settings
   * page offers only what works.
   */
  getCapabilities(): Promise<MfaCapabilities>;
}

export function createServerMfaApi(core: Core): ServerMfaApi {
  return {
    getAuthenticators: async (options, context) =>
      named(getAuthenticators(core, await resolveCookieJar(context), options)),
    enroll: async (options, context) =>
      named(enroll(core, await resolveCookieJar(context), options)),
    challenge: async (options, context) =>
      named(challenge(core, await resolveCookieJar(context), options)),
    verify: async (options, context) =>
      named(verify(core, await resolveCookieJar(context), options)),
    verifyPush: async (options, context) =>
      named(verifyPush(core, await resolveCookieJar(context), options)),
    deleteAuthenticator: async (id, context) =>
      named(deleteAuthenticator(core, await resolveCookieJar(context), id)),
    renameAuthenticator: async (id, name, context) =>
      named(renameAuthenticator(core, await resolveCookieJar(context), id, name)),
    regenerateRecoveryCodes: async (context) =>
      named(regenerateRecoveryCodes(core, await resolveCookieJar(context))),
    getEnrollmentFactors: async (options, context) =>
      named(getEnrollmentFactors(core, await resolveCookieJar(context), options)),
    getCapabilities: () => getMfaCapabilities(core),
  };
}

/** Its failure as nextjs-auth0's class (MfaVerifyError, …), named as in nextjs-auth0's logs. */
function named<T>(operation: Promise<T>): Promise<T> {
  return operation.catch((error: unknown) => {
    throw asNextjsAuth0Error(error);
  });
}
