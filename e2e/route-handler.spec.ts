import { expect, test } from "@playwright/test";
import {
  expectPaymentSent,
  payWithEnrollment,
  sendPayment,
  signIn,
  stepUpDialog,
} from "./support/flows.js";
import { testUser } from "./support/settings.js";

test("route handler: withStepUp's 403 opens the dialog and useStepUp().fetch retries once", async ({
  page,
}) => {
  await signIn(page, testUser(9));
  const statuses: number[] = [];
  page.on("response", (response) => {
    if (new URL(response.url()).pathname === "/examples/route-handler/api") {
      statuses.push(response.status());
    }
  });

  await page.goto("/examples/route-handler");
  await expect(page.getByRole("heading", { name: "Route handler" })).toBeVisible();
  await payWithEnrollment(page);
  // One 403 mfa_required, then the same request sent again after the step-up.
  expect(statuses).toEqual([403, 200]);

  // The stepped-up token is in the session now: the next payment needs no dialog.
  await sendPayment(page, "3.00", "Alan Turing");
  await expectPaymentSent(page);
  await expect(stepUpDialog(page)).toHaveCount(0);
  expect(statuses).toEqual([403, 200, 200]);
});
