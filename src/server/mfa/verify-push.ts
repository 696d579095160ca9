import { pollPush, type PollPushOptions } from "../../shared/poll-push.js";
import type { VerifyResult, WithMfaToken } from "../../types/index.js";
import type { CookieJar } from "../cookies/cookie-jar.js";
import type { Core } from "../core.js";
import { verify } from "./verify.js";

/** What `auth.mfa.verifyPush` takes: the push's oob_code, and how to poll. */
export type VerifyPushOptions = Partial<WithMfaToken> & { oobCode: string } & PollPushOptions;

/**
 * Verifies a push (Auth0 Guardian, or the issuer's development push): runs
 * the mfa-oob grant without a binding code every `interval` ms until the
 * user approves on the device (see poll-push.ts), its deadline on the
 * configured clock. Each poll is a `verify`, so the session is updated when
 * it succeeds.
 * @throws StepUpError `access_denied` (denied), `expired_token` (not answered
 *   in time), the signal's reason when aborted, and `verify`'s codes
 */
export function verifyPush(
  core: Core,
  jar: CookieJar,
  options: VerifyPushOptions,
): Promise<VerifyResult> {
  const { mfaToken, oobCode, ...poll } = options;
  const token = mfaToken !== undefined ? { mfaToken } : {};
  return pollPush(() => verify(core, jar, { ...token, oobCode }), poll, core.config.clock);
}
