import { z } from "zod";
import { StepUpError } from "../../../errors/index.js";
import { randomId } from "../../crypto/hash.js";
import { jsonResponse } from "../../http/respond.js";
import { parseWith } from "../../http/validate.js";
import { assertMayAddFactor } from "../../mfa/chain.js";
import type { AssociateRequest } from "../factor.js";
import { insertPendingRecoveryCodes } from "../recovery-code/first-factor-codes.js";
import { deletePendingRecoveryCodeSets } from "../recovery-code/store.js";
import { e164PhoneNumber, emailAddress } from "./code-and-destination.js";
import { insertOobCode } from "./code-store.js";
import { deliverOobCode, mintOobCode, releaseOobSend, reserveOobSend } from "./send-code.js";
import { deletePendingOobAuthenticator, insertOobAuthenticator } from "./store.js";

const channelSchema = z.object({
  // A form body sends one value as a string; JSON sends an array.
  oob_channels: z.preprocess(
    (value) => (typeof value === "string" ? [value] : value),
    z.tuple([z.enum(["email", "sms"])]),
  ),
});
const emailSchema = z.object({ email: emailAddress });
const smsSchema = z.object({ phone_number: e164PhoneNumber });

/**
 * POST /mfa/associate for `["oob"]` with an mfa_token: a pending email or SMS factor, its destination sealed at rest,
 * and a first code sent to it. The client gets `oob_code` to redeem with the
 * mfa-oob grant together with the code the user types; that confirms the
 * enrollment. The first factor comes with recovery codes, as for otp. A user
 * with a factor may add another only with a chained mfa_token (assertMayAddFactor).
 * @throws invalid_request (400), already_enrolled (409), too_many_attempts (429), delivery_failed (503)
 * @throws unsupported_challenge_type (400) with an MFA API access token
 */
export async function associateOob(request: AssociateRequest): Promise<Response> {
  const { params, bearer, deps, firstFactor } = request;
  // An oob code is bound to the mfa_token that the mfa-oob grant consumes;
  // an MFA API access token has no such grant to confirm it with.
  if (bearer.kind !== "mfa_token") {
    throw new StepUpError(
      "unsupported_challenge_type",
      "Email and SMS factors are enrolled during a step-up, with an mfa_token",
    );
  }
  const token = bearer.mfaToken;
  const [channel] = parseWith(channelSchema, params).oob_channels;
  const to =
    channel === "email"
      ? parseWith(emailSchema, params).email
      : parseWith(smsSchema, params).phone_number;
  const userId = token.user_id;
  if (!firstFactor) await assertMayAddFactor(deps, token, channel);

  // Sends to new destinations are capped per user and channel: otherwise each
  // associate (a new pending factor) would be a fresh budget for spam.
  const reservationId = await reserveOobSend(deps, `enroll|${userId}|${channel}`, {
    channel,
    userId,
    to,
  });
  const id = randomId(12);
  const code = mintOobCode(deps, { authenticatorId: id, userId, mfaTokenHash: token.token_hash });
  let recoveryCodes: string[] | undefined;
  const now = deps.clock();
  try {
    await deps.db.transaction(async (tx) => {
      await request.clearPendingEnrollments(tx);
      await insertOobAuthenticator(tx, {
        id,
        user_id: userId,
        channel,
        destination_sealed: deps.oobBox.seal(to, `oob|${id}`),
        created_at: now,
      });
      // Recovery codes come with the first factor only (POST /mfa/recovery-codes renews them).
      if (firstFactor) {
        recoveryCodes = await insertPendingRecoveryCodes(tx, userId, id, now);
      }
      await insertOobCode(tx, code.row);
    });
  } catch (error) {
    await releaseOobSend(deps, reservationId);
    throw error;
  }
  await deliverOobCode(
    deps,
    { channel, to, bindingCode: code.bindingCode, reservationId },
    async () => {
      await deletePendingOobAuthenticator(deps.db, id);
      await deletePendingRecoveryCodeSets(deps.db, userId);
    },
  );
  return jsonResponse({
    authenticator_type: "oob",
    id: `${channel}|${id}`,
    oob_channel: channel,
    oob_code: code.oobCode,
    binding_method: "prompt",
    ...(recoveryCodes ? { recovery_codes: recoveryCodes } : {}),
  });
}
