import { z } from "zod";
import { StepUpError } from "../../../errors/index.js";
import { sha256Hex } from "../../crypto/hash.js";
import type { IssuerDeps } from "../../deps.js";
import { hashBindingCode } from "./code-and-destination.js";
import type { Params } from "../../http/body.js";
import { parseWith, param } from "../../http/validate.js";
import { withAnswerBudget, type AnswerRefund } from "../../mfa/answer-budget.js";
import { answerOwner, assertFactorAllowed, completeMfaGrant } from "../../mfa/complete-mfa.js";
import { resolveMfaToken } from "../../mfa/mfa-token.js";
import type { IssuerClient } from "../../options.js";
import { findOobAuthenticator, markOobAuthenticatorUsed } from "./store.js";
import { consumeOobCode, findOobCode } from "./code-store.js";
import { confirmRecoveryCodeSet } from "../recovery-code/store.js";
import { jsonTokenResponse } from "../../oauth/grants/authorization-code.js";

const schema = z.object({
  mfa_token: param,
  oob_code: param,
  binding_code: z.string().min(1).max(64),
});

/**
 * grant_type=http://auth0.com/oauth/grant-type/mfa-oob. Redeems the oob_code
 * of a challenge (or of an email/SMS associate, which this confirms) with the
 * code the user received. The oob_code must have been issued for this very
 * mfa_token, hence for its user. A wrong code counts like a wrong TOTP code
 * (mfa_token budget and the user's bucket); a code works once and for
 * LIMITS.oobCodeTtl. amr gains "mfa" and "sms" (RFC 8176 §2) or "email":
 * RFC 8176 has no value for a code sent by email, so "email" is ours, named
 * like the factor in mfa_requirements.
 * @throws invalid_token / expired_token (401), invalid_grant (403), too_many_attempts (429)
 */
export async function mfaOobGrant(
  params: Params,
  client: IssuerClient,
  deps: IssuerDeps,
): Promise<Response> {
  const input = parseWith(schema, params);
  const token = await resolveMfaToken(deps, input.mfa_token, client.clientId);
  const codeHash = sha256Hex(input.oob_code);
  const code = await findOobCode(deps.db, codeHash);
  // The oob_code is 32 random bytes: an unknown or foreign one is not a guess
  // at the user's code, so it is refused without spending the budget.
  if (!code || code.user_id !== token.user_id || code.mfa_token_hash !== token.token_hash) {
    throw new StepUpError("invalid_grant", "Unknown oob_code");
  }
  if (code.consumed_at !== null || code.expires_at <= deps.clock()) {
    throw new StepUpError("invalid_grant", "The code has expired or was already used");
  }
  const authenticator = await findOobAuthenticator(deps.db, code.authenticator_id);
  if (!authenticator) throw new StepUpError("invalid_grant", "Unknown oob_code");

  assertFactorAllowed(deps, token, authenticator.channel);

  const bindingHash = hashBindingCode(input.oob_code, input.binding_code.replace(/\s+/g, ""));
  const check = (refund: AnswerRefund) =>
    completeMfaGrant(deps, token, {
      methods: [authenticator.channel],
      refund,
      async commit(tx, now) {
        if (!(await consumeOobCode(tx, codeHash, bindingHash, now))) return false;
        await markOobAuthenticatorUsed(tx, authenticator.id, now);
        if (authenticator.confirmed_at === null) {
          await confirmRecoveryCodeSet(tx, token.user_id, authenticator.id, now);
        }
        return true;
      },
      audit: {
        authenticatorId: `${authenticator.channel}|${authenticator.id}`,
        authenticatorType: authenticator.channel,
        enrolled: authenticator.confirmed_at === null,
      },
    });
  const body = await withAnswerBudget(deps, answerOwner(token), authenticator.channel, check);
  return jsonTokenResponse(body);
}
