import type { ErrorCode, MfaRequirements } from "../errors/index.js";
import type { WireAuthenticator } from "../shared/wire.js";

/**
 * The error half of a `StepUpActionResult`: the wire shape of the error
 * (PROTOCOL.md part B), plain JSON so that it survives a server action's
 * serialization, which strips thrown errors in production builds.
 */
export interface StepUpActionError {
  error: ErrorCode;
  error_description: string;
  /** With `mfa_required`: the sealed MFA context for the `mfa` API. */
  mfa_token?: string;
  mfa_requirements?: MfaRequirements;
  audience?: string;
  /** With `mfa_required`, when the SDK listed them: the user's authenticators (wire shape). */
  authenticators?: WireAuthenticator[];
  /** With `too_many_attempts`: seconds to wait. */
  retry_after?: number;
}

/** What an action wrapped by `withStepUpAction` returns. */
export type StepUpActionResult<T> = { ok: true; data: T } | { ok: false; error: StepUpActionError };
