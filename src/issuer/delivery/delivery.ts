/** A message for one person: an email, or a text message when `channel` is "sms". */
export interface DeliveryMessage {
  channel: "email" | "sms";
  /** An email address, or an E.164 phone number. */
  to: string;
  /** Email only. */
  subject?: string;
  text: string;
}

/**
 * Sends messages (codes for email and SMS factors). `send` resolves once the
 * far side accepted the message and rejects otherwise; the caller turns a
 * rejection into `delivery_failed`.
 */
export interface Delivery {
  send(message: DeliveryMessage): Promise<void>;
}
