import { MfaRequiredError } from "../../errors/index.js";
import type { VerifyOptions, VerifyResult } from "../../types/index.js";
import type { CookieJar } from "../cookies/cookie-jar.js";
import { nowSeconds, type Core } from "../core.js";
import { applyTokenResponse } from "../session/apply-token-response.js";
import { openContext } from "./open-context.js";
import { rethrowWithAuthenticators } from "./with-authenticators.js";

/** The MFA grants of PROTOCOL.md part A. */
export const MFA_GRANT = {
  otp: "http://auth0.com/oauth/grant-type/mfa-otp",
  oob: "http://auth0.com/oauth/grant-type/mfa-oob",
  recoveryCode: "http://auth0.com/oauth/grant-type/mfa-recovery-code",
} as const;

function grantFor(options: VerifyOptions, mfaToken: string): [string, Record<string, string>] {
  if ("otp" in options) return [MFA_GRANT.otp, { mfa_token: mfaToken, otp: options.otp }];
  if ("recoveryCode" in options) {
    return [MFA_GRANT.recoveryCode, { mfa_token: mfaToken, recovery_code: options.recoveryCode }];
  }
  if ("oobCode" in options) {
    return [
      MFA_GRANT.oob,
      { mfa_token: mfaToken, oob_code: options.oobCode, binding_code: options.bindingCode },
    ];
  }
  throw new TypeError(
    "next-stepup: verify needs one of otp, recoveryCode or oobCode + bindingCode",
  );
}

/**
 * Runs the MFA grant for the context, then stores the stepped-up token set for
 * the context's (audience, scope), replacing the old one, with the rotated
 * refresh token. A chained `mfa_required` becomes a new MfaRequiredError with
 * a freshly sealed context.
 */
export async function verify(
  core: Core,
  jar: CookieJar,
  options: VerifyOptions,
): Promise<VerifyResult> {
  const { session, context } = await openContext(core, jar, options?.mfaToken, "verify");
  const [grantType, params] = grantFor(options, context.mfa_token);
  const target = { audience: context.aud, scope: context.scope };
  let response;
  try {
    response = await core.oauth.grant(grantType, params, "verify");
  } catch (error) {
    if (error instanceof MfaRequiredError) {
      // The next factor's prompt needs the list too: it rides along (see with-authenticators.ts).
      const listed = await rethrowWithAuthenticators(core, error).catch((e: unknown) => e);
      throw await core.contexts.toRequiredError(
        listed as MfaRequiredError,
        target,
        session,
        "verify",
      );
    }
    throw error;
  }
  const updated = applyTokenResponse(session, response, target, nowSeconds(core));
  await core.sessions.write(jar, updated.session);
  const remaining = response.recovery_codes_remaining;
  return {
    success: true,
    ...(typeof remaining === "number" ? { recoveryCodesRemaining: remaining } : {}),
  };
}
