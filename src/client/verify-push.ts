import { pollPush, type PollPushOptions } from "../shared/poll-push.js";
import type { MfaApi, VerifyResult, WithMfaToken } from "../types/index.js";
import { mfa as defaultMfa } from "./mfa-client.js";

/** What `verifyPush` takes: the push's oob_code, how to poll, and which `mfa` to poll with. */
export type VerifyPushOptions = Partial<WithMfaToken> &
  PollPushOptions & {
    /** The challenge's (or the push enrollment's) `oobCode`. */
    oobCode: string;
    /** Default: the `mfa` of `configureClient`. */
    mfa?: MfaApi;
  };

/**
 * Verifies a push (Auth0 Guardian, or the issuer's development push) from
 * the browser: calls `mfa.verify({ mfaToken, oobCode })` every `interval` ms
 * (default 5000, Auth0's rate for this exchange; +5000 after each
 * `slow_down`) until the user answers on the device, for at most `timeout`
 * ms (default 300000). Its own module, so `mfa` alone does not carry it.
 * @throws StepUpError `access_denied` (the user denied it), `expired_token`
 *   (not answered in time), the aborted signal's reason, and `verify`'s codes
 * @example
 * const { oobCode } = await mfa.challenge({ mfaToken, challengeType: "oob", authenticatorId });
 * const controller = new AbortController(); // abort() when the dialog closes
 * await verifyPush({ mfaToken, oobCode: oobCode!, signal: controller.signal });
 */
export function verifyPush(options: VerifyPushOptions): Promise<VerifyResult> {
  const { mfaToken, oobCode, mfa = defaultMfa, ...poll } = options;
  const token = mfaToken !== undefined ? { mfaToken } : {};
  return pollPush(() => mfa.verify({ ...token, oobCode }), poll);
}
