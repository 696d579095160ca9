import { z } from "zod";
import { LIMITS, type IssuerDeps } from "../../deps.js";
import { readParams } from "../../http/body.js";
import { listStepChoices } from "./factors.js";
import { finishWithMfa } from "./finish-step.js";
import { showChallenge, showEnrollment, showPicker } from "./show-step.js";
import { loadStep } from "./step-context.js";

const schema = z.object({
  authenticator: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.string().max(300).optional(),
  ),
});

/**
 * POST /login/mfa/choose: without `authenticator`, the picker (every confirmed
 * factor, unusable ones disabled); with one, that factor's challenge page.
 */
export async function handleMfaChoose(request: Request, deps: IssuerDeps): Promise<Response> {
  const params = await readParams(request, LIMITS.maxBodyBytes);
  const step = await loadStep(request, deps, params);
  if (step instanceof Response) return step;
  if (step.progress.mfaAt !== undefined) {
    return finishWithMfa(deps, step, step.progress.mfaAt, step.progress.mfaMethods ?? []);
  }
  const { choices, hasFactor } = await listStepChoices(deps, step.progress.userId, step.pending);
  if (!hasFactor) return showEnrollment(deps, step);
  const input = schema.safeParse(params);
  const wanted = input.success ? input.data.authenticator : undefined;
  if (wanted === undefined) return showPicker(deps, step, choices);
  const choice = choices.find((c) => c.id === wanted && c.available);
  if (!choice) {
    return showPicker(deps, step, choices, {
      status: 400,
      error: "Choose one of the available methods.",
    });
  }
  return showChallenge(deps, step, choice, choices.length > 1);
}
