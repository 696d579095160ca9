import type { MfaRequirements } from "../errors/index.js";
import { requestJson } from "../shared/request-json.js";
import { routesBase, transportOf, type ClientConfig } from "./client-config.js";

/** The step-up a middleware redirect (`auth.requireStepUp`) left pending. */
export interface StepUpContext {
  /** The sealed context for the `mfa` API. */
  mfaToken: string;
  mfaRequirements: MfaRequirements;
  audience: string;
  /** The same-origin path to go back to once `mfa.verify` succeeds. */
  returnTo: string;
}

interface WireStepUpContext {
  mfa_token: string;
  mfa_requirements: MfaRequirements;
  audience: string;
  return_to: string;
}

/**
 * For the app's step-up page: reads the pending step-up from its httpOnly
 * cookie through `POST {prefix}/mfa/context`. A successful `mfa.verify` with
 * this `mfaToken` clears the cookie; then go to `returnTo`.
 * @throws StepUpError `mfa_token_expired` (none pending: expired or finished),
 *   `mfa_token_mismatch`, `mfa_token_invalid`, `unauthorized`, `network_error`.
 * @example
 * const { mfaToken, returnTo } = await getStepUpContext();
 */
export async function getStepUpContext(options: ClientConfig = {}): Promise<StepUpContext> {
  const wire = await requestJson<WireStepUpContext>(
    `${routesBase(options)}/mfa/context`,
    { method: "POST", credentials: "same-origin", headers: { accept: "application/json" } },
    { fetch: transportOf(options), operation: "getStepUpContext" },
  );
  return {
    mfaToken: wire.mfa_token,
    mfaRequirements: wire.mfa_requirements,
    audience: wire.audience,
    returnTo: wire.return_to,
  };
}
