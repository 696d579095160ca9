import { z } from "zod";
import { StepUpError } from "../../../errors/index.js";
import type { IssuerDeps } from "../../deps.js";
import { hashRecoveryCode } from "./codes.js";
import type { Params } from "../../http/body.js";
import { parseWith, param } from "../../http/validate.js";
import { withAnswerBudget } from "../../mfa/answer-budget.js";
import { answerOwner, assertFactorAllowed, completeMfaGrant } from "../../mfa/complete-mfa.js";
import { resolveMfaToken } from "../../mfa/mfa-token.js";
import type { IssuerClient } from "../../options.js";
import { findActiveRecoveryCodeSet, useRecoveryCode } from "./store.js";
import { jsonTokenResponse } from "../../oauth/grants/authorization-code.js";

const schema = z.object({ mfa_token: param, recovery_code: z.string().min(1).max(128) });

/**
 * grant_type=http://auth0.com/oauth/grant-type/mfa-recovery-code. Each code
 * works once; amr gains "mfa" and "rcode" (not an RFC 8176 value: none fits a
 * recovery code). The answer adds `recovery_codes_remaining`.
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
  const check = () =>
    completeMfaGrant(deps, token, {
      methods: ["rcode"],
      commit: (tx, now) => useRecoveryCode(tx, set.id, hashRecoveryCode(input.recovery_code), now),
      async extra(tx) {
        const after = await findActiveRecoveryCodeSet(tx, token.user_id);
        return { recovery_codes_remaining: after?.remaining ?? 0 };
      },
      audit: { authenticatorId: `recovery-code|${set.id}`, authenticatorType: "recovery-code" },
    });
  const body = await withAnswerBudget(deps, answerOwner(token), "recovery-code", check);
  return jsonTokenResponse(body);
}
