import { StepUpError } from "../../../errors/index.js";
import { recordEvent } from "../../audit/record-event.js";
import type { IssuerDeps } from "../../deps.js";
import { verifyTotpCode } from "./totp.js";
import type { IssuerClient } from "../../options.js";
import { signAccessToken } from "../../oauth/sign-access-token.js";
import { verifyAccessToken } from "../../oauth/verify-access-token.js";
import { mfaApiAudience } from "../../policy/audience-policy.js";
import { claimTotpStep, listAuthenticators } from "./store.js";
import { confirmRecoveryCodeSet } from "../recovery-code/store.js";
import { withAnswerBudget, WrongAnswer } from "../../mfa/answer-budget.js";

/**
 * The mfa-otp grant with an MFA API access token (scope enroll) in place of
 * the mfa_token: confirms an otp factor added by POST /mfa/associate with that
 * token. Nothing is stepped up (the token already proves a fresh MFA), so the
 * answer is a new MFA API access token with the same claims, and no refresh
 * token. Wrong codes spend the user's attempt bucket like any MFA answer.
 * @throws invalid_token (401), insufficient_scope (403), invalid_grant (403), too_many_attempts (429)
 */
export async function confirmEnrollmentWithAccessToken(
  deps: IssuerDeps,
  client: IssuerClient,
  raw: string,
  otp: string,
): Promise<Record<string, unknown>> {
  const token = await verifyAccessToken(deps, raw, mfaApiAudience(deps), "enroll");
  if (token.payload.azp !== client.clientId) throw new StepUpError("invalid_token");
  const userId = token.sub;
  const pending = (await listAuthenticators(deps.db, userId)).filter(
    (row) => row.type === "totp" && row.confirmed_at === null,
  );
  if (pending.length === 0) throw new StepUpError("invalid_grant", "No enrollment is pending");
  const code = otp.replace(/\s+/g, "");
  const owner = { userId, clientId: client.clientId };
  return withAnswerBudget(deps, owner, "otp", async () => {
    const now = deps.clock();
    for (const authenticator of pending) {
      const secret = deps.totpBox.open(authenticator.secret_sealed, `totp|${authenticator.id}`);
      const step = await verifyTotpCode(secret, code, now);
      if (step === undefined) continue;
      const claimed = await deps.db.transaction(async (tx) => {
        if (!(await claimTotpStep(tx, authenticator.id, step, now))) return false;
        // Only a first factor has a pending set (see associate); no-op otherwise.
        await confirmRecoveryCodeSet(tx, userId, authenticator.id, now);
        return true;
      });
      if (!claimed) break;
      await recordEvent(deps, {
        type: "mfa.enrolled",
        userId,
        authenticatorId: `totp|${authenticator.id}`,
        authenticatorType: "otp",
        clientId: client.clientId,
        actor: "user",
      });
      const {
        iss: _iss,
        sub: _sub,
        aud: _aud,
        iat: _iat,
        exp: _exp,
        jti: _jti,
        ...claims
      } = token.payload;
      const accessToken = await signAccessToken(deps, {
        subject: userId,
        audience: mfaApiAudience(deps),
        claims,
      });
      return {
        access_token: accessToken,
        token_type: "Bearer",
        expires_in: deps.accessTokenTtl,
        scope: claims.scope,
      };
    }
    throw new WrongAnswer();
  });
}
