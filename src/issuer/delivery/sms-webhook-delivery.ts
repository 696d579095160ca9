import type { Delivery } from "./delivery.js";

export interface SmsWebhookDeliveryOptions {
  /** Receives `POST {"channel":"sms","to":"+15555550100","text":"…"}` as JSON. */
  url: string;
  /** Extra request headers, e.g. an Authorization for the SMS gateway. */
  headers?: Record<string, string>;
  /** Milliseconds before the request is aborted; default 10 000. */
  timeoutMs?: number;
  /** Injected for tests; default the global fetch. */
  fetch?: typeof fetch;
}

/**
 * Sends text messages by calling an HTTP webhook (an SMS gateway, or a small
 * adapter in front of one). Any 2xx answer counts as accepted; anything else,
 * a network error or the timeout rejects.
 */
export function createSmsWebhookDelivery(options: SmsWebhookDeliveryOptions): Delivery {
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(message) {
      if (message.channel !== "sms") throw new TypeError("The SMS webhook delivers SMS only");
      const response = await fetchImpl(options.url, {
        method: "POST",
        headers: { ...options.headers, "content-type": "application/json" },
        body: JSON.stringify({ channel: "sms", to: message.to, text: message.text }),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "error",
      });
      // Drain the body so the connection is released; its content is not needed.
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw new Error(`SMS webhook answered HTTP ${response.status}`);
    },
  };
}
