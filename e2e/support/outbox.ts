import type { APIRequestContext } from "@playwright/test";
import { devOutbox } from "../../src/testing/playwright/index.js";
import { issuerConfig } from "./settings.js";

/**
 * Waits until the issuer's dev outbox holds more than `seen` messages for `to`
 * (the code is sent as the dialog opens), then returns the newest one's
 * 6-digit code and the new count, to pass as `seen` when waiting for a
 * resent code. Reads the outbox with next-stepup/testing/playwright.
 */
export function readCode(
  request: APIRequestContext,
  to: string,
  seen = 0,
): Promise<{ code: string; count: number }> {
  return devOutbox(request, issuerConfig.issuer).waitForCode(to, { after: seen });
}
