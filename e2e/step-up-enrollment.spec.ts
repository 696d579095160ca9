import { expect, test } from "@playwright/test";
import {
  expectPaymentSent,
  readTotpSecret,
  sendPayment,
  signIn,
  stepUpDialog,
  submitCode,
} from "./support/flows.js";
import { testUser } from "./support/settings.js";
import { totpCode } from "./support/totp.js";

test("a first payment enrolls TOTP in the step-up dialog, then goes through", async ({ page }) => {
  await signIn(page, testUser(2));
  await sendPayment(page, "42.00", "Ada Lovelace");

  const dialog = stepUpDialog(page);
  await expect(dialog).toBeVisible();
  await expect(
    dialog.getByRole("img", { name: "QR code for your authenticator app" }),
  ).toBeVisible();
  const secret = await readTotpSecret(dialog);

  const input = dialog.getByLabel("Authentication code");
  await expect(input).toBeFocused();
  await expect(input).toHaveAttribute("autocomplete", "one-time-code");
  await expect(input).toHaveAttribute("inputmode", "numeric");
  await expect(input).toHaveAttribute("maxlength", "6");

  const { code } = await totpCode(secret);
  await submitCode(dialog, "Authentication code", code);

  // Recovery codes are shown once, after the first factor is confirmed.
  const codes = dialog.getByTestId("recovery-codes").getByRole("listitem");
  await expect(codes.first()).toBeVisible();
  expect(await codes.count()).toBeGreaterThan(0);
  await dialog.getByRole("button", { name: "I saved these codes" }).click();

  await expect(dialog).toBeHidden();
  const firstId = await expectPaymentSent(page);

  // The stepped-up token is kept in the session: the next payment needs no dialog.
  await sendPayment(page, "1.00", "Ada Lovelace");
  await expect(page.getByRole("status")).not.toContainText(firstId);
  await expectPaymentSent(page);
  await expect(dialog).toHaveCount(0);
});
