import { codedError } from "../../errors/nextjs-auth0-errors.js";
import { MfaRequiredError, StepUpError } from "../../errors/index.js";
import type { VerifyOptions, VerifyResult } from "../../types/index.js";
import { normalizeScope } from "../access-token.js";
import type { CookieJar } from "../cookies/cookie-jar.js";
import { nowSeconds, type Core } from "../core.js";
import { applyTokenResponse } from "../session/apply-token-response.js";
import type { Session } from "../session/session.js";
import { getMfaApiToken, MFA_API_SCOPE, mfaApiAudience } from "./mfa-api-token.js";
import { openContext } from "./open-context.js";
import { rethrowWithAuthenticators } from "./with-authenticators.js";

/** The MFA grants of PROTOCOL.md part A. */
export const MFA_GRANT = {
  otp: "http://auth0.com/oauth/grant-type/mfa-otp",
  oob: "http://auth0.com/oauth/grant-type/mfa-oob",
  recoveryCode: "http://auth0.com/oauth/grant-type/mfa-recovery-code",
  /** next-stepup's extension grant for passkeys (PROTOCOL.md part A). */
  webauthn: "urn:next-stepup:grant-type:mfa-webauthn",
} as const;

function grantFor(options: VerifyOptions, mfaToken: string): [string, Record<string, string>] {
  if ("otp" in options) return [MFA_GRANT.otp, { mfa_token: mfaToken, otp: options.otp }];
  if ("recoveryCode" in options) {
    return [MFA_GRANT.recoveryCode, { mfa_token: mfaToken, recovery_code: options.recoveryCode }];
  }
  if ("webauthnResponse" in options) {
    const answer = options.webauthnResponse;
    return [
      MFA_GRANT.webauthn,
      {
        mfa_token: mfaToken,
        oob_code: options.oobCode,
        webauthn_response: typeof answer === "string" ? answer : JSON.stringify(answer),
      },
    ];
  }
  if ("oobCode" in options) {
    return [
      MFA_GRANT.oob,
      {
        mfa_token: mfaToken,
        oob_code: options.oobCode,
        // A push has no binding code: the user approves on the device.
        ...(options.bindingCode !== undefined ? { binding_code: options.bindingCode } : {}),
      },
    ];
  }
  throw new TypeError(
    "next-stepup: verify needs one of otp, recoveryCode, oobCode (+ bindingCode; none for a push) or oobCode + webauthnResponse",
  );
}

/** The session, the token to put in the grant, and where its answer is stored. */
interface VerifyTarget {
  session: Session;
  mfaToken: string;
  target: { audience: string; scope: string };
}

/**
 * With a context: its raw mfa_token, for its (audience, scope). Without: an
 * enrollment made on the session (`enroll` without a context) is confirmed
 * with the MFA API token (scope `enroll`) in place of the mfa_token, as
 * Auth0 documents it
 * (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa/enroll-and-challenge-otp-authenticators);
 * the answer is stored as that token's entry.
 */
async function resolveTarget(
  core: Core,
  jar: CookieJar,
  options: VerifyOptions,
): Promise<VerifyTarget> {
  if (options?.mfaToken !== undefined) {
    const { session, context } = await openContext(core, jar, options.mfaToken, "verify");
    return {
      session,
      mfaToken: context.mfa_token,
      target: { audience: context.aud, scope: context.scope },
    };
  }
  const mfaToken = await getMfaApiToken(core, jar, "verify");
  const session = await core.sessions.read(jar);
  if (!session) throw codedError("unauthorized", undefined, { operation: "verify" });
  return {
    session,
    mfaToken,
    target: { audience: mfaApiAudience(core), scope: normalizeScope(MFA_API_SCOPE) },
  };
}

/**
 * Runs the MFA grant, then stores the stepped-up token set for the target
 * (audience, scope), replacing the old one, with the rotated refresh token.
 * A chained `mfa_required` becomes a new MfaRequiredError with a freshly
 * sealed context. A push (an oob code without a binding code) answers
 * `authorization_pending` / `slow_down` until the user approves (`verifyPush`
 * polls); Auth0 answers a rejected push `invalid_grant`
 * (https://auth0.com/docs/api/authentication/multi-factor-authentication/verify-with-out-of-band),
 * which is `access_denied` here, as the issuer answers it.
 * After a recovery code, Auth0's answer carries the user's new `recovery_code`
 * (https://auth0.com/docs/api/authentication/multi-factor-authentication/verify-with-recovery-code):
 * it is returned, for the app to show.
 */
export async function verify(
  core: Core,
  jar: CookieJar,
  options: VerifyOptions,
): Promise<VerifyResult> {
  const { session, mfaToken, target } = await resolveTarget(core, jar, options);
  const [grantType, params] = grantFor(options, mfaToken);
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
    if (isPush(params) && error instanceof StepUpError && error.code === "invalid_grant") {
      throw codedError("access_denied", error.message, { operation: "verify", cause: error });
    }
    throw error;
  }
  const updated = applyTokenResponse(session, response, target, nowSeconds(core));
  await core.sessions.write(jar, updated.session);
  const { recovery_code: recoveryCode, recovery_codes_remaining: remaining } = response;
  return {
    success: true,
    ...(typeof recoveryCode === "string" ? { recoveryCode } : {}),
    ...(typeof remaining === "number" ? { recoveryCodesRemaining: remaining } : {}),
  };
}

const isPush = (params: Record<string, string>) =>
  params.oob_code !== undefined &&
  params.binding_code === undefined &&
  params.webauthn_response === undefined;
