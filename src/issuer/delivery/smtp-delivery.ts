import type { Transporter } from "nodemailer";
import type { Delivery } from "./delivery.js";

/** An SMTP server, by URL (`smtp://user:pass@host:587`, `smtps://…`) or by parts. */
export interface SmtpDeliveryOptions {
  url?: string;
  host?: string;
  port?: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  auth?: { user: string; pass: string };
  /** The From header, e.g. `"Example <no-reply@example.com>"`. */
  from: string;
  /** Milliseconds for connecting, the greeting and each socket read; default 10 000. */
  timeoutMs?: number;
}

/**
 * Sends email through nodemailer's SMTP transport. One connection per message
 * (no pool): codes are rare and a pool would hold sockets open between them.
 * @throws TypeError when neither `url` nor `host` is given
 */
export function createSmtpDelivery(options: SmtpDeliveryOptions): Delivery {
  if (!options.url && !options.host) throw new TypeError("SMTP delivery needs a url or a host");
  const timeout = options.timeoutMs ?? 10_000;
  const timeouts = { connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout };
  // nodemailer is loaded at the first mail, not with the issuer (most
  // issuers, and every development one, deliver through the outbox).
  let transport: Promise<Transporter> | undefined;
  const connect = async () => {
    const { default: nodemailer } = await import("nodemailer");
    return options.url
      ? nodemailer.createTransport(options.url, timeouts)
      : nodemailer.createTransport({
          host: options.host,
          port: options.port,
          secure: options.secure ?? false,
          auth: options.auth,
          ...timeouts,
        });
  };
  return {
    async send(message) {
      if (message.channel !== "email") throw new TypeError("SMTP delivers email only");
      transport ??= connect().catch((error: unknown) => {
        transport = undefined;
        throw error;
      });
      await (
        await transport
      ).sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject ?? "",
        text: message.text,
      });
    },
  };
}
