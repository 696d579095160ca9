import type { FactorType } from "../types/factor-type.js";
import { StepUpError, type StepUpErrorOptions } from "./step-up-error.js";

export type { FactorType };

export interface MfaRequirements {
  /** Factors the user can use now. */
  challenge?: Array<{ type: FactorType }>;
  /** Factors the user may enroll (present when nothing is enrolled). */
  enroll?: Array<{ type: FactorType }>;
}

/**
 * The authorization server asked for multi-factor authentication.
 *
 * From the SDK, `mfaToken` is the sealed MFA context (a JWE bound to the
 * session, expiring after `mfaContextTtl`); pass it to the `mfa` API. From the
 * issuer it is the raw, opaque `mfa_token` of PROTOCOL.md.
 */
export class MfaRequiredError extends StepUpError {
  readonly mfaToken: string;
  readonly mfaRequirements: MfaRequirements;
  /** The audience whose token needs the step-up, when known. */
  readonly audience: string | undefined;

  constructor(
    mfaToken: string,
    mfaRequirements: MfaRequirements = {},
    options: StepUpErrorOptions & { description?: string; audience?: string } = {},
  ) {
    super("mfa_required", options.description, options);
    this.mfaToken = mfaToken;
    this.mfaRequirements = mfaRequirements;
    this.audience = options.audience;
  }

  protected override extraJSON(): Record<string, unknown> {
    return {
      mfa_token: this.mfaToken,
      mfa_requirements: this.mfaRequirements,
      ...(this.audience ? { audience: this.audience } : {}),
    };
  }
}
