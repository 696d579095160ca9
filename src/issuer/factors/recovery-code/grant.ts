import { z } from "zod";
import { StepUpError } from "../../../errors/index.js";
import type { IssuerDeps } from "../../deps.js";
import { generateRecoveryCode, hashRecoveryCode } from "./codes.js";
import type { Params } from "../../http/body.js";
import { parseWith, param } from "../../http/validate.js";
import { withAnswerBudget, type AnswerRefund } from "../../mfa/answer-budget.js";
import { answerOwner, assertFactorAllowed, completeMfaGrant } from "../../mfa/complete-mfa.js";
import { resolveMfaToken } from "../../mfa/mfa-token.js";
import type { IssuerClient } from "../../options.js";
import { addRecoveryCode, findActiveRecoveryCodeSet, useRecoveryCode } from "./store.js";
import { jsonTokenResponse } from "../../oauth/grants/authorization-code.js";

const schema = z.object({ mfa_token: param, recovery_code: z.string().min(1).max(128) });

/**
 * grant_type=http://auth0.com/oauth/grant-type/mfa-recovery-code. Each code
 * works once; amr gains "mfa" and "rcode" (not an RFC 8176 value: none fits a
 * recovery code). Like Auth0, whose grant answers a new `recovery_code` that
 * the app must show (https://auth0.com/docs/api/authentication/multi-factor-authentication/verify-with-recovery-code),
 * the used code is replaced in the same transaction by a fresh one, answered
 * as `recovery_code`, so a user who relies on recovery codes never runs out;
 * `recovery_codes_remaining` (the set's unused codes, the new one included)
 * stays as our extension.
 * @throws invalid_token / expired_token (401), invalid_grant (403), too_many_attempts (429)
 */
export async function mfaRecoveryCodeGrant(
  params: Params,
  client: IssuerClient,
  deps: IssuerDeps,
): Promise<Response> {
  const input = parseWith(schema, params);
  const token = await resolveMfaToken(deps, input.mfa_token, client.clientId);
  assertFactorAllowed(deps, token, "recovery-code");
  const set = await findActiveRecoveryCodeSet(deps.db, token.user_id);
  if (!set) throw new StepUpError("invalid_grant", "No recovery codes are enrolled");
  const check = (refund: AnswerRefund) =>
    completeMfaGrant(deps, token, {
      methods: ["rcode"],
      refund,
      commit: (tx, now) => useRecoveryCode(tx, set.id, hashRecoveryCode(input.recovery_code), now),
      async extra(tx) {
        const replacement = generateRecoveryCode();
        await addRecoveryCode(tx, set.id, hashRecoveryCode(replacement));
        const after = await findActiveRecoveryCodeSet(tx, token.user_id);
        return { recovery_code: replacement, recovery_codes_remaining: after?.remaining ?? 0 };
      },
      audit: { authenticatorId: `recovery-code|${set.id}`, authenticatorType: "recovery-code" },
    });
  const body = await withAnswerBudget(deps, answerOwner(token), "recovery-code", check);
  return jsonTokenResponse(body);
}
