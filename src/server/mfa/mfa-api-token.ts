import { codedError } from "../../errors/nextjs-auth0-errors.js";
import {
  MfaRequiredError,
  StepUpError,
  TooManyAttemptsError,
  type MfaOperation,
} from "../../errors/index.js";
import { getAccessToken } from "../access-token.js";
import type { CookieJar } from "../cookies/cookie-jar.js";
import { issuerUrl, type Core } from "../core.js";
import { ListedMfaRequiredError } from "./listed-mfa-required-error.js";

/**
 * The scopes of the MFA API (Auth0's names), asked for together: one token
 * serves the whole settings page (list, enroll, remove), so a tenant that
 * challenges every token for this audience (Auth0 enforces MFA for it:
 * https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authenticator-factors-mfa-api)
 * asks for one step-up, not one per call.
 */
export const MFA_API_SCOPE = "enroll read:authenticators remove:authenticators";

/**
 * A scope of the MFA API beyond MFA_API_SCOPE: `update:authenticators`, the
 * issuer's extension that renames a passkey (Auth0 has no such scope, so it
 * is asked for on its own, only by a rename).
 */
export type MfaApiScope = "update:authenticators";

/** The audience of the issuer's own MFA API, `{issuer}/mfa/` as Auth0 names it. */
export function mfaApiAudience(core: Core): string {
  return issuerUrl(core, "/mfa/");
}

/**
 * An access token for the MFA API with MFA_API_SCOPE (or `scope`), taken like any other API token
 * (cached in the session, else a refresh grant). The issuer guards these calls
 * with its own policy, so this is where a security-settings action steps up: its
 * `mfa_required` comes back as an MfaRequiredError naming `operation`, sealed
 * for this session and audience, so `mfa.verify` stores the token the retry uses.
 * @throws MfaRequiredError, StepUpError `unauthorized`, `invalid_grant`, `network_error`, …
 */
export async function getMfaApiToken(
  core: Core,
  jar: CookieJar,
  operation: MfaOperation,
  scope: typeof MFA_API_SCOPE | MfaApiScope = MFA_API_SCOPE,
): Promise<string> {
  try {
    const { token } = await getAccessToken(core, jar, { audience: mfaApiAudience(core), scope });
    return token;
  } catch (error) {
    throw withOperation(error, operation);
  }
}

/** The same error, reported as `operation` (a UI tells "remove failed" from "token failed"). */
function withOperation(error: unknown, operation: MfaOperation): unknown {
  if (!(error instanceof StepUpError)) return error;
  const common = { operation, status: error.status, description: error.message, cause: error };
  if (error instanceof MfaRequiredError) {
    return new ListedMfaRequiredError(error.mfaToken, error.mfaRequirements, {
      ...common,
      ...(error.audience ? { audience: error.audience } : {}),
      ...(error.authenticators ? { authenticators: error.authenticators } : {}),
    });
  }
  if (error instanceof TooManyAttemptsError)
    return new TooManyAttemptsError(error.retryAfter, {
      ...common,
      code: error.code as "too_many_attempts" | "too_many_requests",
    });
  return codedError(error.code, error.message, common);
}
