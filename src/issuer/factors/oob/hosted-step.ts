import { randomId, sha256Hex } from "../../crypto/hash.js";
import { LIMITS } from "../../deps.js";
import { generateBindingCode, hashBindingCode } from "./code-and-destination.js";
import { deliverOobCode, releaseOobSend, reserveOobSend } from "./send-code.js";
import {
  findOobAuthenticator,
  markOobAuthenticatorUsed,
  type OobAuthenticatorRow,
  type OobChannel,
} from "./store.js";
import { consumeOobCode, deleteOobCode, findLatestOobCode, insertOobCode } from "./code-store.js";
import type { CodeInput } from "../../ui/mfa-pages.js";
import type { FactorContext, HostedStep } from "../factor.js";
import { hostedOobBinding, hostedOobSalt } from "./hosted-binding.js";

const input: CodeInput = {
  label: "6-digit code",
  hint: `The code expires in ${Math.round(LIMITS.oobCodeTtl / 60)} minutes. Only the newest code works.`,
  inputmode: "numeric",
  autocomplete: "one-time-code",
  maxlength: 8,
};

/** The user's own confirmed factor of `channel` named by the context's key. */
async function confirmedAuthenticator(
  context: FactorContext,
  channel: OobChannel,
): Promise<OobAuthenticatorRow | undefined> {
  const row = await findOobAuthenticator(context.db, context.key);
  const usable =
    row && row.user_id === context.userId && row.channel === channel && row.confirmed_at !== null;
  return usable ? row : undefined;
}

/**
 * An email or SMS factor. `start` sends a code through the same path as
 * POST /mfa/challenge (the authenticator's cooldown and hourly cap, a failed
 * delivery undone), bound to this authorization request instead of an
 * mfa_token; `verify` spends the newest such code atomically (single use).
 * amr gains the channel, as in the mfa-oob grant.
 */
function oobHostedStep(channel: OobChannel, label: string, heading: string): HostedStep {
  return {
    label,
    heading,
    input,
    sendsCodes: true,
    async start(context) {
      const authenticator = await confirmedAuthenticator(context, channel);
      if (!authenticator) return;
      const to = context.deps.oobBox.open(
        authenticator.destination_sealed,
        `oob|${authenticator.id}`,
      );
      const reservationId = await reserveOobSend(context.deps, `oob|${authenticator.id}`, {
        channel,
        userId: context.userId,
        to,
      });
      // The row's key hashes a value nobody keeps: no oob_code exists for it.
      const codeHash = sha256Hex(randomId(32));
      const bindingCode = generateBindingCode();
      try {
        await insertOobCode(context.db, {
          code_hash: codeHash,
          authenticator_id: authenticator.id,
          user_id: context.userId,
          mfa_token_hash: hostedOobBinding(context.transaction),
          binding_hash: hashBindingCode(hostedOobSalt(context.transaction, codeHash), bindingCode),
          created_at: context.now,
          expires_at: context.now + LIMITS.oobCodeTtl * 1000,
        });
      } catch (error) {
        await releaseOobSend(context.deps, reservationId);
        throw error;
      }
      await deliverOobCode(context.deps, { channel, to, bindingCode, reservationId }, () =>
        deleteOobCode(context.deps.db, codeHash),
      );
    },
    async verify(context, answer) {
      const authenticator = await confirmedAuthenticator(context, channel);
      if (!authenticator) return undefined;
      const code = await findLatestOobCode(
        context.db,
        authenticator.id,
        hostedOobBinding(context.transaction),
      );
      if (!code || code.user_id !== context.userId) return undefined;
      const salt = hostedOobSalt(context.transaction, code.code_hash);
      const bindingHash = hashBindingCode(salt, answer.replace(/\s+/g, ""));
      if (!(await consumeOobCode(context.db, code.code_hash, bindingHash, context.now))) {
        return undefined;
      }
      await markOobAuthenticatorUsed(context.db, authenticator.id, context.now);
      return [channel];
    },
  };
}

export const emailHostedStep = oobHostedStep("email", "Email", "Enter the code we emailed you");
export const smsHostedStep = oobHostedStep("sms", "Text message", "Enter the code we texted you");
