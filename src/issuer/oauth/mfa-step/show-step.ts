import { isStepUpError, TooManyAttemptsError } from "../../../errors/index.js";
import type { IssuerDeps } from "../../deps.js";
import { htmlResponse } from "../../http/respond.js";
import { findUserById } from "../../store/users.js";
import type { Factor, HostedPage } from "../../factors/factor.js";
import { listFactors } from "../../factors/registry.js";
import { allowedFactors } from "../../policy/audience-policy.js";
import type { PendingAuthorization } from "../../store/authorization-requests.js";
import { renderChallengePage, renderPickerPage } from "../../ui/mfa-pages.js";
import { listStepChoices, type FactorChoice } from "./factors.js";
import { clientOrigin, stepErrorPage, type StepContext } from "./step-context.js";

/** How a step page answers: status, extra headers (Set-Cookie, Retry-After), an error to announce. */
export interface ShowOptions {
  status?: number;
  headers?: Headers;
  error?: string;
}

/**
 * The MFA step's first page: the enrollment when the user has no confirmed
 * factor, else the challenge of their first factor (a recovery code only when
 * nothing else can run here), else the picker.
 */
export async function showMfaStep(
  deps: IssuerDeps,
  step: StepContext,
  options: ShowOptions = {},
): Promise<Response> {
  const { choices, hasFactor } = await listStepChoices(deps, step.progress.userId, step.pending);
  if (!hasFactor) return showEnrollment(deps, step, options);
  const usable = choices.filter((choice) => choice.available);
  const first = usable.find((choice) => choice.factor.enrollable) ?? usable[0];
  if (!first) {
    return showPicker(deps, step, choices, {
      ...options,
      error:
        options.error ??
        (choices.length === 0
          ? "None of your verification methods is accepted by this application."
          : "None of your verification methods can be used on this page."),
    });
  }
  return showChallenge(deps, step, first, choices.length > 1, options);
}

export async function showChallenge(
  deps: IssuerDeps,
  step: StepContext,
  choice: FactorChoice,
  others: boolean,
  options: ShowOptions = {},
): Promise<Response> {
  const factor = choice.step!;
  // Re-rendering after a wrong answer must not send a new oob code each time.
  if (factor.start && options.error === undefined) {
    const refused = await startFactor(deps, step, choice);
    if (refused) options = { ...options, ...refused, headers: mergeHeaders(options, refused) };
  }
  if (factor.renderChallenge) {
    const page = await factor.renderChallenge(
      {
        displayName: deps.displayName,
        base: deps.issuer,
        transaction: step.transaction,
        authenticatorId: choice.id,
        others,
        ...(options.error !== undefined ? { error: options.error } : {}),
      },
      factorContext(deps, step, choice),
    );
    return hostedPageResponse(page, step, options);
  }
  const page = renderChallengePage({
    displayName: deps.displayName,
    base: deps.issuer,
    transaction: step.transaction,
    authenticatorId: choice.id,
    heading: factor.heading,
    input: factor.input,
    others,
    ...(choice.destination !== undefined ? { destination: choice.destination } : {}),
    ...(factor.sendsCodes ? { resendCooldown: deps.oobSendPolicy.cooldownMs / 1000 } : {}),
    ...(options.error !== undefined ? { error: options.error } : {}),
  });
  return htmlResponse(page, options.status ?? 200, options.headers, clientOrigin(step.pending));
}

export function showPicker(
  deps: IssuerDeps,
  step: StepContext,
  choices: FactorChoice[],
  options: ShowOptions = {},
): Response {
  const page = renderPickerPage({
    displayName: deps.displayName,
    base: deps.issuer,
    transaction: step.transaction,
    choices: choices.map(({ id, label, available }) => ({ id, label, available })),
    ...(options.error !== undefined ? { error: options.error } : {}),
  });
  return htmlResponse(page, options.status ?? 200, options.headers, clientOrigin(step.pending));
}

/**
 * The hosted enrollment of a user without any factor: the first factor with a
 * hosted enrollment (registry order).
 */
export async function showEnrollment(
  deps: IssuerDeps,
  step: StepContext,
  options: ShowOptions = {},
): Promise<Response> {
  const user = await findUserById(deps.db, step.progress.userId);
  if (!user) return stepErrorPage(400, "This account no longer exists.");
  const factor = hostedEnrollmentFactor(step.pending, deps);
  if (!factor) {
    return stepErrorPage(
      400,
      "This application accepts no verification method that can be set up here.",
    );
  }
  const page = await factor.hosted!.enroll!.render(
    {
      displayName: deps.displayName,
      base: deps.issuer,
      transaction: step.transaction,
      user,
      ...(options.error !== undefined ? { error: options.error } : {}),
    },
    deps,
  );
  return hostedPageResponse(page, step, options);
}

/**
 * The factor a user without any factor sets up on the hosted page: the first
 * with a hosted enrollment among those the audience accepts.
 */
export function hostedEnrollmentFactor(
  pending: PendingAuthorization,
  deps: IssuerDeps,
): Factor | undefined {
  const allowed = allowedFactors(pending.audience ? deps.apis.get(pending.audience) : undefined);
  return listFactors().find(
    (factor) => factor.enrollable && factor.hosted?.enroll && allowed.has(factor.name),
  );
}

function hostedPageResponse(page: HostedPage, step: StepContext, options: ShowOptions): Response {
  return htmlResponse(
    page.html,
    options.status ?? 200,
    options.headers,
    clientOrigin(step.pending),
    page.scriptHashes,
  );
}

function factorContext(deps: IssuerDeps, step: StepContext, choice: FactorChoice) {
  return {
    deps,
    db: deps.db,
    userId: step.progress.userId,
    key: choice.id.slice(choice.id.indexOf("|") + 1),
    now: deps.clock(),
    transaction: step.transaction,
    clientId: step.pending.clientId,
    enrolling: false,
  };
}

/**
 * Runs the factor's `start` (sends an email/SMS code). A send refused by the
 * cooldown or hourly cap, or a failed delivery (which costs no send), becomes
 * the page's error; the code sent before, if any, still works.
 */
async function startFactor(
  deps: IssuerDeps,
  step: StepContext,
  choice: FactorChoice,
): Promise<ShowOptions | undefined> {
  try {
    await choice.step!.start!(factorContext(deps, step, choice));
    return undefined;
  } catch (error) {
    if (error instanceof TooManyAttemptsError) {
      const wait = error.retryAfter;
      return {
        status: 429,
        headers: new Headers({ "retry-after": String(wait) }),
        error: `No new code can be sent yet. You can ask for one in ${wait} seconds.`,
      };
    }
    if (isStepUpError(error) && error.code === "delivery_failed") {
      return {
        status: 503,
        error: "We could not send the code. Wait a moment, then ask for a new code.",
      };
    }
    throw error;
  }
}

function mergeHeaders(options: ShowOptions, refused: ShowOptions): Headers | undefined {
  if (!refused.headers) return options.headers;
  const headers = new Headers(options.headers);
  refused.headers.forEach((value, name) => headers.append(name, value));
  return headers;
}
