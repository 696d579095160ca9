import { z } from "zod";
import { randomId } from "../../crypto/hash.js";
import type { IssuerDeps } from "../../deps.js";
import { generateRecoveryCodes, hashRecoveryCode } from "../recovery-code/codes.js";
import { e164PhoneNumber, emailAddress } from "./code-and-destination.js";
import type { Params } from "../../http/body.js";
import { jsonResponse } from "../../http/respond.js";
import { parseWith } from "../../http/validate.js";
import { deletePendingAuthenticators } from "../otp/store.js";
import type { MfaTokenRow } from "../../store/mfa-tokens.js";
import {
  deletePendingOobAuthenticator,
  deletePendingOobAuthenticators,
  insertOobAuthenticator,
} from "./store.js";
import { insertOobCode } from "./code-store.js";
import { releaseSend } from "./send-store.js";
import { deletePendingRecoveryCodeSets, insertRecoveryCodeSet } from "../recovery-code/store.js";
import { assertMayAddFactor } from "../../mfa/chain.js";
import { hasActiveFactor } from "../../mfa/requirements.js";
import { deliverOobCode, mintOobCode, reserveOobSend } from "./send-code.js";

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
 * POST /mfa/associate for `["oob"]` (the caller has parsed the types and the
 * mfa_token): a pending email or SMS factor, its destination sealed at rest,
 * and a first code sent to it. The client gets `oob_code` to redeem with the
 * mfa-oob grant together with the code the user types; that confirms the
 * enrollment. The first factor comes with recovery codes, as for otp. A user
 * with a factor may add another only with a chained mfa_token (assertMayAddFactor).
 * @throws invalid_request (400), already_enrolled (409), too_many_attempts (429), delivery_failed (503)
 */
export async function associateOob(
  params: Params,
  token: MfaTokenRow,
  deps: IssuerDeps,
): Promise<Response> {
  const [channel] = parseWith(channelSchema, params).oob_channels;
  const to =
    channel === "email"
      ? parseWith(emailSchema, params).email
      : parseWith(smsSchema, params).phone_number;
  const userId = token.user_id;
  const firstFactor = !(await hasActiveFactor(deps.db, userId));
  if (!firstFactor) await assertMayAddFactor(deps, token, channel);

  // Sends to new destinations are capped per user and channel: otherwise each
  // associate (a new pending factor) would be a fresh budget for spam.
  const reservationId = await reserveOobSend(deps, `enroll|${userId}|${channel}`);
  const id = randomId(12);
  const code = mintOobCode(deps, { authenticatorId: id, userId, mfaTokenHash: token.token_hash });
  const recoveryCodes = generateRecoveryCodes();
  const now = deps.clock();
  try {
    await deps.db.transaction(async (tx) => {
      // One pending enrollment at a time, whatever its type.
      await deletePendingOobAuthenticators(tx, userId);
      await deletePendingAuthenticators(tx, userId, "totp");
      await deletePendingRecoveryCodeSets(tx, userId);
      await insertOobAuthenticator(tx, {
        id,
        user_id: userId,
        channel,
        destination_sealed: deps.oobBox.seal(to, `oob|${id}`),
        created_at: now,
      });
      // Recovery codes come with the first factor only (POST /mfa/recovery-codes renews them).
      if (firstFactor) {
        await insertRecoveryCodeSet(
          tx,
          { id: randomId(12), userId, pendingAuthenticatorId: id, now },
          recoveryCodes.map(hashRecoveryCode),
        );
      }
      await insertOobCode(tx, code.row);
    });
  } catch (error) {
    await releaseSend(deps.db, reservationId);
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
    ...(firstFactor ? { recovery_codes: recoveryCodes } : {}),
  });
}
