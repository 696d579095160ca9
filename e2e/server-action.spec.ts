import { expect, test } from "@playwright/test";
import {
  expectPaymentSent,
  payWithEnrollment,
  sendPayment,
  signIn,
  stepUpDialog,
} from "./support/flows.js";
import { testUser } from "./support/settings.js";

test("server action: withStepUpAction's result reaches the production build intact and run() re-runs it", async ({
  page,
}) => {
  await signIn(page, testUser(10));
  let actionCalls = 0;
  page.on("request", (request) => {
    if (request.method() === "POST" && request.headers()["next-action"]) actionCalls += 1;
  });

  await page.goto("/examples/server-action");
  await expect(page.getByRole("heading", { name: "Server action" })).toBeVisible();
  // The dialog opening at all proves the mfa_required result (code and sealed
  // context) survived `next build`, which strips thrown errors.
  await payWithEnrollment(page);
  expect(actionCalls).toBe(2);

  await sendPayment(page, "4.00", "Alan Turing");
  await expectPaymentSent(page);
  await expect(stepUpDialog(page)).toHaveCount(0);
  expect(actionCalls).toBe(3);
});
