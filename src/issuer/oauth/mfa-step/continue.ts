import { LIMITS, type IssuerDeps } from "../../deps.js";
import { readParams } from "../../http/body.js";
import { finishWithMfa } from "./finish-step.js";
import { showMfaStep } from "./show-step.js";
import { loadStep } from "./step-context.js";

/**
 * POST /login/mfa/continue: after the new recovery codes were shown, returns
 * to the application with the MFA verified on the previous page.
 */
export async function handleMfaContinue(request: Request, deps: IssuerDeps): Promise<Response> {
  const params = await readParams(request, LIMITS.maxBodyBytes);
  const step = await loadStep(request, deps, params);
  if (step instanceof Response) return step;
  const { mfaAt, mfaMethods } = step.progress;
  if (mfaAt === undefined) return showMfaStep(deps, step);
  return finishWithMfa(deps, step, mfaAt, mfaMethods ?? []);
}
