import type { Issuer } from "../issuer/create-issuer.js";
import { listOutboxMessages } from "../issuer/store/outbox.js";

/** A message kept by the issuer's dev outbox. */
export interface OutboxMessage {
  channel: "email" | "sms";
  to: string;
  subject?: string;
  text: string;
  /** Epoch milliseconds from the issuer's clock. */
  sentAt: number;
}

export interface ReadOutboxOptions {
  to?: string;
  channel?: "email" | "sms";
}

/** An issuer, or a TestIssuer (whose `issuer` is one). */
export type OutboxSource = Pick<Issuer, "db"> | { issuer: Pick<Issuer, "db"> };

/**
 * The messages the issuer's outbox delivery kept (the default delivery, and
 * the one startTestIssuer uses), newest first.
 * @example
 * const [latest] = await readOutbox(t, { to: "user@example.com", channel: "email" });
 */
export async function readOutbox(
  source: OutboxSource,
  options: ReadOutboxOptions = {},
): Promise<OutboxMessage[]> {
  const db = "issuer" in source ? source.issuer.db : source.db;
  const rows = await listOutboxMessages(db, { recipient: options.to, channel: options.channel });
  return rows.map((row) => ({
    channel: row.channel,
    to: row.recipient,
    ...(row.subject !== null ? { subject: row.subject } : {}),
    text: row.body,
    sentAt: row.created_at,
  }));
}

/**
 * The 6-digit code of the newest message sent to `to` (an email address or a
 * phone number).
 * @throws TypeError when no message to `to` holds a code
 */
export async function readLatestCode(source: OutboxSource, to: string): Promise<string> {
  const [latest] = await readOutbox(source, { to });
  const code = latest?.text.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new TypeError(`No code was sent to ${to}`);
  return code;
}
