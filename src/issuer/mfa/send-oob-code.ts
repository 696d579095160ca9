import { TooManyAttemptsError } from "../../errors/index.js";
import { randomId, sha256Hex } from "../crypto/hash.js";
import { deliverOrFail } from "../delivery/create-delivery.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import { generateBindingCode, hashBindingCode } from "../factors/oob.js";
import type { OobChannel } from "../store/oob-authenticators.js";
import type { OobCodeRow } from "../store/oob-codes.js";
import { releaseSend, reserveSend } from "../store/oob-sends.js";

/**
 * Reserves a send under `key` (cooldown and hourly cap, deps.oobSendPolicy) and
 * returns the reservation id to release if delivery fails.
 * @throws too_many_attempts (429) with the seconds until a send is allowed
 */
export async function reserveOobSend(deps: IssuerDeps, key: string): Promise<string> {
  const reservation = await reserveSend(
    deps.db,
    key,
    randomId(12),
    deps.oobSendPolicy,
    deps.clock(),
  );
  if (!reservation.ok) throw new TooManyAttemptsError(reservation.retryAfter);
  return reservation.id;
}

/** A new code for an authenticator, bound to the mfa_token it was asked with (so to its user). */
export function mintOobCode(
  deps: IssuerDeps,
  binding: { authenticatorId: string; userId: string; mfaTokenHash: string },
): { oobCode: string; bindingCode: string; row: Omit<OobCodeRow, "consumed_at"> } {
  const oobCode = randomId(32);
  const bindingCode = generateBindingCode();
  const now = deps.clock();
  return {
    oobCode,
    bindingCode,
    row: {
      code_hash: sha256Hex(oobCode),
      authenticator_id: binding.authenticatorId,
      user_id: binding.userId,
      mfa_token_hash: binding.mfaTokenHash,
      binding_hash: hashBindingCode(oobCode, bindingCode),
      created_at: now,
      expires_at: now + LIMITS.oobCodeTtl * 1000,
    },
  };
}

/**
 * Sends the code. When delivery fails, `undo` removes what was stored for it
 * (the code, a pending enrollment) and the send reservation is given back, so
 * the failure costs the user neither a cooldown nor a send of the hourly cap.
 * @throws delivery_failed (503)
 */
export async function deliverOobCode(
  deps: IssuerDeps,
  message: { channel: OobChannel; to: string; bindingCode: string; reservationId: string },
  undo: () => Promise<void>,
): Promise<void> {
  const minutes = Math.round(LIMITS.oobCodeTtl / 60);
  try {
    await deliverOrFail(
      deps.delivery,
      {
        channel: message.channel,
        to: message.to,
        ...(message.channel === "email"
          ? { subject: `${deps.displayName}: your verification code` }
          : {}),
        text:
          `Your ${deps.displayName} verification code is ${message.bindingCode}. ` +
          `It expires in ${minutes} minutes. If you did not ask for it, ignore this message.`,
      },
      deps.logger,
    );
  } catch (error) {
    await undo();
    await releaseSend(deps.db, message.reservationId);
    throw error;
  }
}
