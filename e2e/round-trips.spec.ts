import { expect, test } from "../src/testing/playwright/index.js";
import {
  expectPaymentSent,
  payWithEnrollment,
  sendPayment,
  signOut,
  signUp,
  stepUpDialog,
  submitCode,
} from "./support/flows.js";

/**
 * Issue 10 item 7: browser round trips from a step-up being needed to the
 * retried call succeeding, for a TOTP user on the dashboard. The 403 brings
 * the authenticators with the sealed context, and the otp grant needs no
 * challenge call: POST /api/payments (403), POST /auth/mfa/verify, POST
 * /api/payments (200).
 */
test("a TOTP user's step-up on the dashboard takes 3 browser round trips", async ({
  page,
  stepUp,
}) => {
  test.setTimeout(150_000);
  const user = await signUp(page);
  const enrolled = await payWithEnrollment(page);
  // A new session has no MFA: the next payment needs the step-up again.
  await signOut(page);
  await stepUp.signIn(user, { returnTo: "/dashboard" });

  const requests: string[] = [];
  const origin = new URL(page.url()).origin;
  page.on("request", (request) => {
    const url = new URL(request.url());
    // The app's own calls; Next's router fetches (link prefetches, RSC) carry an `rsc` header.
    if (url.origin !== origin || request.headers()["rsc"] !== undefined) return;
    if (!["fetch", "xhr"].includes(request.resourceType())) return;
    requests.push(`${request.method()} ${url.pathname}`);
  });

  const { code } = await stepUp.totp(enrolled.secret, { after: enrolled.step });
  await sendPayment(page);
  const dialog = stepUpDialog(page);
  await submitCode(dialog, "Authentication code", code);
  await expect(dialog).toBeHidden();
  await expectPaymentSent(page);

  expect(requests).toEqual(["POST /api/payments", "POST /auth/mfa/verify", "POST /api/payments"]);
  expect(requests.length).toBeLessThanOrEqual(3);
});
