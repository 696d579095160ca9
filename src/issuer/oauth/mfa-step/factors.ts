import type { IssuerDeps } from "../../deps.js";
import { allowedFactors } from "../../policy/audience-policy.js";
import type { PendingAuthorization } from "../../store/authorization-requests.js";
import type { Factor, HostedStep } from "../../factors/factor.js";
import { listUserAuthenticators } from "../../factors/registry.js";
import type { FactorChoiceView } from "../../ui/mfa-pages.js";

/** A choice in the picker; `step` is undefined for a factor this page cannot run. */
export interface FactorChoice extends FactorChoiceView {
  factor: Factor;
  step: HostedStep | undefined;
  /** Email/SMS: the masked address or number the code goes to (never the full one). */
  destination?: string;
}

/**
 * Every active authenticator of the user, factor by factor in registry order
 * (email and SMS labelled with their masked destination, the recovery codes
 * while unused ones remain). Factors without a hosted step are listed as
 * unavailable so the user sees them but cannot pick them.
 */
export async function listFactorChoices(deps: IssuerDeps, userId: string): Promise<FactorChoice[]> {
  const listed = await listUserAuthenticators(deps, deps.db, userId);
  return listed
    .filter(({ authenticator }) => authenticator.active)
    .map(({ factor, authenticator }) => {
      const step = factor.hosted;
      const label = step?.label ?? factor.name;
      const { destination } = authenticator;
      return {
        id: authenticator.id,
        label: destination !== undefined ? `${label} (${destination})` : label,
        available: step !== undefined,
        factor,
        step,
        ...(destination !== undefined ? { destination } : {}),
      };
    });
}

/** The hosted step's choices for one sign-in. */
export interface StepChoices {
  /** The user's authenticators of factors the audience accepts: the only ones offered. */
  choices: FactorChoice[];
  /**
   * The user has a factor of their own, accepted here or not. Without one,
   * the step enrolls a first factor; with one, never (adding a factor needs
   * a verified one first).
   */
  hasFactor: boolean;
}

/**
 * listFactorChoices narrowed to the audience's `factors`: a factor the API
 * does not accept is not offered at all, so the hosted step can never lead
 * to a token after it (the code grant checks the same policy again).
 */
export async function listStepChoices(
  deps: IssuerDeps,
  userId: string,
  pending: PendingAuthorization,
): Promise<StepChoices> {
  const all = await listFactorChoices(deps, userId);
  const allowed = allowedFactors(pending.audience ? deps.apis.get(pending.audience) : undefined);
  return {
    choices: all.filter((choice) => allowed.has(choice.factor.name)),
    hasFactor: all.some((choice) => choice.factor.enrollable),
  };
}
