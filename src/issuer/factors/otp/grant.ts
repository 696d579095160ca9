import { z } from "zod";
import { StepUpError } from "../../../errors/index.js";
import type { IssuerDeps } from "../../deps.js";
import { verifyTotpCode } from "./totp.js";
import type { Params } from "../../http/body.js";
import { parseWith, param } from "../../http/validate.js";
import { confirmEnrollmentWithAccessToken } from "./confirm-with-access-token.js";
import { withAnswerBudget, WrongAnswer } from "../../mfa/answer-budget.js";
import { answerOwner, assertFactorAllowed, completeMfaGrant } from "../../mfa/complete-mfa.js";
import { checkMfaToken } from "../../mfa/mfa-token.js";
import { sha256Hex } from "../../crypto/hash.js";
import type { IssuerClient } from "../../options.js";
import { findMfaTokenWithAuthenticators } from "./store.js";
import { confirmRecoveryCodeSet } from "../recovery-code/store.js";
import { looksLikeJwt } from "../../oauth/verify-access-token.js";
import { jsonTokenResponse } from "../../oauth/grants/authorization-code.js";

const schema = z.object({ mfa_token: param, otp: z.string().min(1).max(64) });

/**
 * grant_type=http://auth0.com/oauth/grant-type/mfa-otp. Verifies a TOTP code
 * (±1 step, a used step is refused) against the confirmed authenticator, or
 * against the pending one, which this confirms (enrollment). amr gains
 * "mfa" and "otp".
 * @throws invalid_token / expired_token (401), invalid_grant (403), too_many_attempts (429)
 */
export async function mfaOtpGrant(
  params: Params,
  client: IssuerClient,
  deps: IssuerDeps,
): Promise<Response> {
  const input = parseWith(schema, params);
  // An MFA API access token confirms a further factor added with it (see associate).
  if (looksLikeJwt(input.mfa_token)) {
    return jsonTokenResponse(
      await confirmEnrollmentWithAccessToken(deps, client, input.mfa_token, input.otp),
    );
  }
  // The token and its user's authenticators in one read.
  const found = await findMfaTokenWithAuthenticators(deps.db, sha256Hex(input.mfa_token));
  const token = await checkMfaToken(deps, found.token, client.clientId);
  assertFactorAllowed(deps, token, "otp");
  const rows = found.authenticators;
  const confirmed = rows.filter((row) => row.type === "totp" && row.confirmed_at !== null);
  const candidates = confirmed.length > 0 ? confirmed : rows.filter((row) => row.type === "totp");
  if (candidates.length === 0)
    throw new StepUpError("invalid_grant", "No otp authenticator is enrolled");

  const code = input.otp.replace(/\s+/g, "");
  const body = await withAnswerBudget(deps, answerOwner(token), "otp", async (refund) => {
    const now = deps.clock();
    for (const authenticator of candidates) {
      const secret = deps.totpBox.open(authenticator.secret_sealed, `totp|${authenticator.id}`);
      const step = await verifyTotpCode(secret, code, now);
      if (step === undefined) continue;
      return completeMfaGrant(deps, token, {
        methods: ["otp"],
        refund,
        // Claimed by the statement that consumes the mfa_token (a replayed step is refused there).
        stepClaim: { authenticatorId: authenticator.id, step },
        async commit(tx, at) {
          if (authenticator.confirmed_at === null) {
            await confirmRecoveryCodeSet(tx, token.user_id, authenticator.id, at);
          }
          return true;
        },
        audit: {
          authenticatorId: `totp|${authenticator.id}`,
          authenticatorType: "otp",
          enrolled: authenticator.confirmed_at === null,
        },
      });
    }
    throw new WrongAnswer();
  });
  return jsonTokenResponse(body);
}
