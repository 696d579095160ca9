import { expect, test } from "@playwright/test";
import {
  expectPaymentSent,
  payWithEnrollment,
  sendPayment,
  signIn,
  signOut,
  stepUpDialog,
  submitCode,
} from "./support/flows.js";
import { testUser } from "./support/settings.js";

test("a recovery code works once and not twice", async ({ page }) => {
  const user = testUser(5);
  await signIn(page, user);
  const { recoveryCodes } = await payWithEnrollment(page);
  const recoveryCode = recoveryCodes[0] ?? "";

  // First use: accepted instead of a TOTP code.
  await signOut(page);
  await signIn(page, user);
  await sendPayment(page);
  let dialog = stepUpDialog(page);
  await dialog.getByRole("button", { name: "Use a recovery code instead" }).click();
  await submitCode(dialog, "Recovery code", recoveryCode);
  await expect(dialog).toBeHidden();
  await expectPaymentSent(page);

  // Second use of the same code: refused.
  await signOut(page);
  await signIn(page, user);
  await sendPayment(page);
  dialog = stepUpDialog(page);
  await dialog.getByRole("button", { name: "Use a recovery code instead" }).click();
  await submitCode(dialog, "Recovery code", recoveryCode);
  await expect(dialog.getByRole("alert")).toHaveText("That code is not valid. Try again.");
  await expect(dialog).toBeVisible();
});
