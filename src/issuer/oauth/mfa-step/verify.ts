import { z } from "zod";
import { LIMITS, type IssuerDeps } from "../../deps.js";
import { readParams } from "../../http/body.js";
import { htmlResponse } from "../../http/respond.js";
import { userAttemptKey } from "../../mfa/mfa-token.js";
import { refundBucketToken, reserveBucketToken } from "../../store/attempt-buckets.js";
import { setAuthorizationProgress } from "../../store/authorization-requests.js";
import { renderRecoveryCodesPage } from "../../ui/mfa-pages.js";
import type { HostedStep } from "../../factors/factor.js";
import { parseAuthenticatorId } from "../../factors/registry.js";
import { issueRecoveryCodes } from "../../factors/recovery-code/first-factor-codes.js";
import { listStepChoices } from "./factors.js";
import { finishWithMfa } from "./finish-step.js";
import {
  hostedEnrollmentFactor,
  showChallenge,
  showEnrollment,
  showMfaStep,
  type ShowOptions,
} from "./show-step.js";
import { clientOrigin, loadStep } from "./step-context.js";

const schema = z.object({
  authenticator: z.string().min(1).max(300),
  // A passkey's answer is a JSON document; each factor checks its own format.
  code: z.string().max(32_768).default(""),
});

/**
 * POST /login/mfa/verify: checks a code for one of the user's factors (or the
 * first code of a TOTP enrollment, which then shows new recovery codes once).
 * Wrong answers spend from the same per-user bucket as the MFA grants, and a
 * TOTP step works once (the store claims it atomically).
 */
export async function handleMfaVerify(request: Request, deps: IssuerDeps): Promise<Response> {
  const params = await readParams(request, LIMITS.maxBodyBytes);
  const step = await loadStep(request, deps, params);
  if (step instanceof Response) return step;
  const { progress } = step;
  if (progress.mfaAt !== undefined) {
    return finishWithMfa(deps, step, progress.mfaAt, progress.mfaMethods ?? []);
  }
  const input = schema.safeParse(params);
  const id = input.success ? parseAuthenticatorId(input.data.authenticator) : undefined;
  if (!input.success || !id) {
    return showMfaStep(deps, step, { status: 400, error: "Choose a verification method." });
  }

  const { choices, hasFactor } = await listStepChoices(deps, progress.userId, step.pending);
  const enrolling = !hasFactor;
  let factor: HostedStep;
  let again: (options: ShowOptions) => Promise<Response>;
  if (enrolling) {
    const enrollable = hostedEnrollmentFactor(step.pending, deps);
    if (!enrollable || id.factor !== enrollable) return showEnrollment(deps, step);
    factor = enrollable.hosted!;
    again = (options) => showEnrollment(deps, step, options);
  } else {
    const choice = choices.find((c) => c.id === input.data.authenticator && c.available);
    if (!choice) {
      return showMfaStep(deps, step, { status: 400, error: "That method cannot be used here." });
    }
    factor = choice.step!;
    again = (options) => showChallenge(deps, step, choice, choices.length > 1, options);
  }

  const code = input.data.code.trim();
  if (!code) return again({ status: 400, error: factor.messages?.empty ?? "Enter the code." });
  const key = userAttemptKey(progress.userId);
  const tooMany = (wait: number) =>
    again({
      status: 429,
      headers: new Headers({ "retry-after": String(wait) }),
      error: `Too many attempts. Try again in ${wait} seconds.`,
    });
  const now = deps.clock();
  // Reserved before the code is checked (atomic), given back when it is right.
  const reservation = await reserveBucketToken(deps.db, key, LIMITS.userAttemptBucket, now);
  if (!reservation.ok) return tooMany(reservation.wait);

  const check = () =>
    deps.db.transaction(async (tx) => {
      const context = {
        deps,
        db: tx,
        userId: progress.userId,
        key: id.key,
        now,
        transaction: step.transaction,
        clientId: step.pending.clientId,
        enrolling,
      };
      const methods = await factor.verify(context, code);
      if (!methods) return undefined;
      const codes = enrolling ? await issueRecoveryCodes(tx, progress.userId, id.key, now) : [];
      return { methods, codes };
    });
  let result: Awaited<ReturnType<typeof check>>;
  try {
    result = await check();
  } catch (error) {
    await refundBucketToken(deps.db, key, LIMITS.userAttemptBucket);
    throw error;
  }
  if (!result) {
    return again({
      status: 401,
      error: factor.messages?.refused ?? "That code is not valid. Check it and try again.",
    });
  }
  await refundBucketToken(deps.db, key, LIMITS.userAttemptBucket);
  if (result.codes.length === 0) return finishWithMfa(deps, step, now, result.methods);

  // A first factor: show its recovery codes once, then finish from /login/mfa/continue.
  await setAuthorizationProgress(
    deps.db,
    step.idHash,
    { ...progress, mfaAt: now, mfaMethods: result.methods },
    now,
  );
  const page = renderRecoveryCodesPage({
    displayName: deps.displayName,
    base: deps.issuer,
    transaction: step.transaction,
    codes: result.codes,
  });
  return htmlResponse(page, 200, undefined, clientOrigin(step.pending));
}
