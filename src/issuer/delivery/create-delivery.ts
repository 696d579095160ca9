import { StepUpError } from "../../errors/index.js";
import type { DeliveryOptions } from "../options.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Delivery, DeliveryMessage } from "./delivery.js";
import { createOutboxDelivery } from "./outbox-delivery.js";
import { createSmsWebhookDelivery } from "./sms-webhook-delivery.js";
import { createSmtpDelivery } from "./smtp-delivery.js";

/**
 * Builds the issuer's delivery from its options: one implementation per
 * channel, each defaulting to the dev outbox.
 */
export function createDelivery(
  options: DeliveryOptions | undefined,
  env: { db: SqlClient; clock: () => number; fetch?: typeof fetch },
): Delivery {
  const outbox = createOutboxDelivery(env.db, env.clock);
  const email = options?.email;
  const sms = options?.sms;
  const byChannel: Record<DeliveryMessage["channel"], Delivery> = {
    email: email?.type === "smtp" ? createSmtpDelivery(email) : outbox,
    sms: sms?.type === "webhook" ? createSmsWebhookDelivery({ ...sms, fetch: env.fetch }) : outbox,
  };
  return { send: (message) => byChannel[message.channel].send(message) };
}

/**
 * Sends, turning any failure into 503 `delivery_failed` (the original kept as
 * `cause` and reported to the logger, since the user only sees "try again").
 * @throws delivery_failed (503)
 */
export async function deliverOrFail(
  delivery: Delivery,
  message: DeliveryMessage,
  logger: (message: string, error: unknown) => void,
): Promise<void> {
  try {
    await delivery.send(message);
  } catch (error) {
    // Our line names only the channel; the cause never holds the text (the code),
    // though an SMTP error may quote the address it refused.
    logger(`issuer: ${message.channel} delivery failed`, error);
    throw new StepUpError("delivery_failed", undefined, { cause: error });
  }
}
