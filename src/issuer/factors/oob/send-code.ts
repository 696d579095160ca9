import { TooManyAttemptsError } from "../../../errors/index.js";
import { randomId, sha256Hex } from "../../crypto/hash.js";
import { deliverOrFail } from "../../delivery/create-delivery.js";
import { LIMITS, type IssuerDeps } from "../../deps.js";
import { generateBindingCode, hashBindingCode } from "./code-and-destination.js";
import type { OobChannel } from "./store.js";
import type { OobCodeRow } from "./code-store.js";
import { releaseSend, reserveSend, type SendPolicy } from "./send-store.js";

const HOUR_MS = 3_600_000;

/**
 * Reserves a send under `key` (cooldown and hourly cap, deps.oobSendPolicy) and,
 * for a text message, under the SMS caps too (IssuerOptions.smsLimits: per
 * account, per destination number, per issuer, each an hourly window): each
 * text costs money, and a pumping attack spreads over accounts and numbers.
 * Returns the reservation to give back with releaseOobSend if delivery fails.
 * @throws too_many_attempts (429) with the seconds until a send is allowed
 */
export async function reserveOobSend(
  deps: IssuerDeps,
  key: string,
  message: { channel: OobChannel; userId: string; to: string },
): Promise<string> {
  const caps: Array<[string, SendPolicy]> = [[key, deps.oobSendPolicy]];
  if (message.channel === "sms") {
    const hourly = (max: number): SendPolicy => ({
      cooldownMs: 0,
      maxPerWindow: max,
      windowMs: HOUR_MS,
    });
    const limits = deps.smsLimits;
    caps.push(
      [`sms-account|${message.userId}`, hourly(limits.perAccountPerHour)],
      // Hashed: the keys are stored, the numbers never in clear.
      [`sms-to|${sha256Hex(message.to)}`, hourly(limits.perDestinationPerHour)],
      ["sms-issuer", hourly(limits.perIssuerPerHour)],
    );
  }
  const ids: string[] = [];
  for (const [capKey, policy] of caps) {
    const reservation = await reserveSend(deps.db, capKey, randomId(12), policy, deps.clock());
    if (!reservation.ok) {
      await releaseOobSend(deps, ids.join(" "));
      throw new TooManyAttemptsError(reservation.retryAfter);
    }
    ids.push(reservation.id);
  }
  return ids.join(" ");
}

/** Gives back every send a reservation holds (its message could not be delivered). */
export async function releaseOobSend(deps: IssuerDeps, reservation: string): Promise<void> {
  for (const id of reservation.split(" ")) if (id) await releaseSend(deps.db, id);
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
    await releaseOobSend(deps, message.reservationId);
    throw error;
  }
}
