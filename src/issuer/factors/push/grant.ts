import { z } from "zod";
import { StepUpError } from "../../../errors/index.js";
import { recordEvent } from "../../audit/record-event.js";
import { sha256Hex } from "../../crypto/hash.js";
import type { IssuerDeps } from "../../deps.js";
import type { Params } from "../../http/body.js";
import { parseWith, param } from "../../http/validate.js";
import { WrongAnswer } from "../../mfa/answer-budget.js";
import { assertFactorAllowed, completeMfaGrant } from "../../mfa/complete-mfa.js";
import { reissueMfaApiToken, verifyEnrollAccessToken } from "../../mfa/mfa-api-reissue.js";
import { resolveMfaToken } from "../../mfa/mfa-token.js";
import { jsonTokenResponse } from "../../oauth/grants/authorization-code.js";
import { looksLikeJwt } from "../../oauth/verify-access-token.js";
import type { IssuerClient } from "../../options.js";
import { confirmRecoveryCodeSet } from "../recovery-code/store.js";
import { accessBinding, PUSH_MIN_POLL_INTERVAL_MS } from "./request.js";
import {
  consumePushRequest,
  findPushRequestByCode,
  markPushAuthenticatorUsed,
  notePushPoll,
  type PushRequestRow,
} from "./store.js";

const schema = z
  .object({
    mfa_token: param,
    oob_code: param,
    // Auth0 verifies a push without a binding code: the user answers on the device.
    binding_code: z.never({ error: "A push has no binding_code" }).optional(),
  })
  .passthrough();

/**
 * grant_type=http://auth0.com/oauth/grant-type/mfa-oob for a push (an
 * oob_code of this factor, no binding code), answered as Auth0 answers its
 * polls (https://auth0.com/docs/api/authentication/multi-factor-authentication/verify-with-out-of-band):
 * `authorization_pending` until the device answers, `slow_down` for a poll
 * less than a second after the last; once approved, the MFA is complete (amr
 * gains "mfa" and "push") and a pending device is confirmed. A denied push is
 * `access_denied` and an unanswered one that ran out `expired_token`: final
 * answers, as are those of a code that is unknown, another user's, or
 * redeemed already (`invalid_grant`). With an MFA API access token (scope
 * enroll) in place of the mfa_token it confirms a device added with that
 * token, answering a new MFA API token (see mfa-api-reissue.ts).
 * @throws authorization_pending / slow_down (400), access_denied (403), expired_token /
 *   invalid_token (401), invalid_grant (403), unsupported_challenge_type (400)
 */
export async function mfaPushGrant(
  params: Params,
  client: IssuerClient,
  deps: IssuerDeps,
): Promise<Response> {
  const input = parseWith(schema, params);
  const codeHash = sha256Hex(input.oob_code);
  if (looksLikeJwt(input.mfa_token)) {
    const token = await verifyEnrollAccessToken(deps, client, input.mfa_token);
    const request = await findPushRequestByCode(deps.db, codeHash);
    if (!request || request.binding !== accessBinding(token.sub) || request.purpose !== "enroll") {
      throw new StepUpError("invalid_grant", "Unknown oob_code");
    }
    await assertAnswered(deps, request, codeHash);
    const confirmed = await deps.db.transaction(async (tx) => {
      const now = deps.clock();
      if (!(await consumePushRequest(tx, codeHash, now))) return false;
      await markPushAuthenticatorUsed(tx, request.authenticator_id, now);
      await confirmRecoveryCodeSet(tx, token.sub, request.authenticator_id, now);
      return true;
    });
    if (!confirmed) throw new StepUpError("invalid_grant", "The push was already used");
    await recordEvent(deps, {
      type: "mfa.enrolled",
      userId: token.sub,
      authenticatorId: `push|${request.authenticator_id}`,
      authenticatorType: "push",
      clientId: client.clientId,
      actor: "user",
    });
    return jsonTokenResponse(await reissueMfaApiToken(deps, token));
  }

  const token = await resolveMfaToken(deps, input.mfa_token, client.clientId);
  const request = await findPushRequestByCode(deps.db, codeHash);
  // 32 random bytes: an unknown or foreign code is not a guess at anything.
  if (!request || request.user_id !== token.user_id || request.binding !== token.token_hash) {
    throw new StepUpError("invalid_grant", "Unknown oob_code");
  }
  assertFactorAllowed(deps, token, "push");
  await assertAnswered(deps, request, codeHash);
  const enrolling = request.purpose === "enroll";
  const complete = completeMfaGrant(deps, token, {
    methods: ["push"],
    async commit(tx, now) {
      if (!(await consumePushRequest(tx, codeHash, now))) return false;
      await markPushAuthenticatorUsed(tx, request.authenticator_id, now);
      if (enrolling) await confirmRecoveryCodeSet(tx, token.user_id, request.authenticator_id, now);
      return true;
    },
    audit: {
      authenticatorId: `push|${request.authenticator_id}`,
      authenticatorType: "push",
      enrolled: enrolling,
    },
  });
  // Nothing is guessed here (the oob_code is random), so no answer budget:
  // a lost race for an approved push is a code already used.
  const body = await complete.catch((error: unknown) => {
    if (error instanceof WrongAnswer) {
      throw new StepUpError("invalid_grant", "The push was already used");
    }
    throw error;
  });
  return jsonTokenResponse(body);
}

/**
 * Returns when the device approved the request; otherwise throws what the
 * poller must hear. A pending request notes the poll (atomically), so polls
 * closer than PUSH_MIN_POLL_INTERVAL_MS answer `slow_down`.
 */
async function assertAnswered(
  deps: IssuerDeps,
  request: PushRequestRow,
  codeHash: string,
): Promise<void> {
  if (request.consumed_at !== null) {
    throw new StepUpError("invalid_grant", "The push was already used");
  }
  if (request.status === "approved") return;
  if (request.status === "denied") {
    throw new StepUpError("access_denied", "The push was denied on the device");
  }
  const now = deps.clock();
  if (request.expires_at <= now) {
    throw new StepUpError("expired_token", "The push expired before it was answered");
  }
  if (!(await notePushPoll(deps.db, codeHash, now, PUSH_MIN_POLL_INTERVAL_MS))) {
    throw new StepUpError("slow_down", "Poll at most once a second");
  }
  throw new StepUpError("authorization_pending", "The push has not been answered yet");
}
