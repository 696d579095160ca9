import type { FactorName, FactorType } from "../types/factor-type.js";
import type { Authenticator } from "../types/index.js";
import { StepUpError, type StepUpErrorOptions } from "./step-up-error.js";

export type { FactorName, FactorType };

/**
 * Factor names as the authorization server sent them: ours (`otp`, `sms`, …)
 * or Auth0's (`phone`, `push-notification`, …), never renamed or dropped;
 * `factorTypesOf(name)` maps either to our factor types.
 */
export interface MfaRequirements {
  /** Factors the user can use now. */
  challenge?: Array<{ type: FactorName }>;
  /** Factors the user may enroll (present when nothing is enrolled). */
  enroll?: Array<{ type: FactorName }>;
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
  /**
   * The user's enrolled authenticators, when the SDK listed them with the
   * step-up (it does for `getAccessToken`): a step-up UI can show the code
   * prompt at once instead of calling `mfa.getAuthenticators` first. An empty
   * list with `mfaRequirements.enroll` means "enroll first". Absent = unknown.
   * The SDK's server sends them in the 403 (`authenticators`, snake_case);
   * `toJSON()` of an error made in the browser leaves them out, so that the
   * browser bundle carries no code to write them.
   */
  readonly authenticators: Authenticator[] | undefined;

  constructor(
    mfaToken: string,
    mfaRequirements: MfaRequirements = {},
    options: StepUpErrorOptions & {
      description?: string;
      audience?: string;
      authenticators?: Authenticator[];
    } = {},
  ) {
    // Auth0's own wording, which clients may show.
    super("mfa_required", options.description ?? "Multifactor authentication required", options);
    this.mfaToken = mfaToken;
    this.mfaRequirements = mfaRequirements;
    this.audience = options.audience;
    this.authenticators = options.authenticators;
  }

  /** `mfaToken` under @auth0/nextjs-auth0's name, for code written against it. */
  get mfa_token(): string {
    return this.mfaToken;
  }

  protected override extraJSON(): Record<string, unknown> {
    return {
      mfa_token: this.mfaToken,
      mfa_requirements: this.mfaRequirements,
      ...(this.audience ? { audience: this.audience } : {}),
    };
  }
}
