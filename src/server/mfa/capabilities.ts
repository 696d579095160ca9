import type { MfaCapabilities } from "../config.js";
import type { Core } from "../core.js";

export type { MfaCapabilities };

/**
 * What this authorization server's MFA API offers beyond Auth0's: the
 * `mfaCapabilities` option where set, else discovery. The issuer publishes
 * `mfa_recovery_codes_endpoint`; Auth0 has no such endpoint (it regenerates a
 * recovery code with its Management API:
 * https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authenticator-factors-mfa-api).
 * @throws StepUpError `network_error` / `invalid_response` when discovery fails
 */
export async function getMfaCapabilities(core: Core): Promise<MfaCapabilities> {
  const configured = core.config.mfaCapabilities.regenerateRecoveryCodes;
  if (configured !== undefined) return { regenerateRecoveryCodes: configured };
  const server: Record<string, unknown> = await core.oauth.getServer();
  return { regenerateRecoveryCodes: typeof server.mfa_recovery_codes_endpoint === "string" };
}
