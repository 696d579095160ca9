import { expect, type APIRequestContext } from "@playwright/test";
import { issuerConfig } from "./settings.js";

/** The message texts the issuer's dev outbox (devMode) holds for `to`, newest first. */
async function outboxTexts(request: APIRequestContext, to: string): Promise<string[]> {
  const url = `${issuerConfig.issuer}/dev/outbox?to=${encodeURIComponent(to)}`;
  const response = await request.get(url);
  expect(response.status()).toBe(200);
  const html = await response.text();
  return [...html.matchAll(/<td class="text">([\s\S]*?)<\/td>/g)].map((match) => match[1] ?? "");
}

/**
 * Waits until the outbox holds more than `seen` messages for `to` (the code
 * is sent as the dialog opens), then returns the newest one's 6-digit code
 * and the new count, to pass as `seen` when waiting for a resent code.
 */
export async function readCode(
  request: APIRequestContext,
  to: string,
  seen = 0,
): Promise<{ code: string; count: number }> {
  let texts: string[] = [];
  await expect
    .poll(async () => (texts = await outboxTexts(request, to)).length, { timeout: 15_000 })
    .toBeGreaterThan(seen);
  const code = /\b(\d{6})\b/.exec(texts[0] ?? "")?.[1];
  expect(code).toMatch(/^\d{6}$/);
  return { code: code!, count: texts.length };
}
