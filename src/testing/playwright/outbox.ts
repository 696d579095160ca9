import { expect, type APIRequestContext } from "@playwright/test";

/** A message of the issuer's dev outbox, as `GET /dev/outbox` (JSON) lists it. */
export interface DevOutboxMessage {
  channel: "email" | "sms";
  to: string;
  subject?: string;
  text: string;
  /** ISO 8601. */
  sent_at: string;
}

/** Reads the dev outbox (issuer `devMode`) of a running issuer over HTTP. */
export interface DevOutbox {
  /** The messages sent to `to` (an email address or a phone number), newest first. */
  read(to: string): Promise<DevOutboxMessage[]>;
  /**
   * Waits until more than `after` messages were sent to `to` (default 0), then
   * returns the newest one's 6-digit code and the new count, to pass as
   * `after` when waiting for the next code.
   */
  waitForCode(to: string, options?: { after?: number; timeout?: number }): Promise<DevOutboxCode>;
}

export interface DevOutboxCode {
  code: string;
  count: number;
}

/**
 * A GET, sent again once if the connection was reset: the request context
 * reuses kept-alive connections, and one the server closed for idleness at
 * that very moment (a race that a loaded machine makes likely) fails with
 * ECONNRESET or "socket hang up" before anything was read. A GET of the
 * outbox changes nothing, so the second try is safe; a second failure is real.
 */
async function getRetryingAReset(request: APIRequestContext, url: string) {
  const send = () => request.get(url, { headers: { accept: "application/json" } });
  try {
    return await send();
  } catch (error) {
    if (!/ECONNRESET|socket hang up/.test(String(error))) throw error;
    return send();
  }
}

/** The dev outbox of the issuer at `issuerUrl`, read with Playwright's request context. */
export function devOutbox(request: APIRequestContext, issuerUrl: string): DevOutbox {
  const read = async (to: string): Promise<DevOutboxMessage[]> => {
    const url = `${issuerUrl.replace(/\/+$/, "")}/dev/outbox?to=${encodeURIComponent(to)}`;
    const response = await getRetryingAReset(request, url);
    if (!response.ok()) {
      throw new Error(`${url} answered ${response.status()}: is the issuer in devMode?`);
    }
    return ((await response.json()) as { messages: DevOutboxMessage[] }).messages;
  };
  return {
    read,
    async waitForCode(to, { after = 0, timeout = 15_000 } = {}) {
      let messages: DevOutboxMessage[] = [];
      await expect
        .poll(async () => (messages = await read(to)).length, {
          message: `a code sent to ${to}`,
          timeout,
        })
        .toBeGreaterThan(after);
      const code = /\b(\d{6})\b/.exec(messages[0]?.text ?? "")?.[1];
      if (!code) throw new Error(`The newest message to ${to} holds no 6-digit code`);
      return { code, count: messages.length };
    },
  };
}
