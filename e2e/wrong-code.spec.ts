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
import { totpCode, wrongTotpCode } from "./support/totp.js";

test("a wrong code is shown as an error, and the right one still works", async ({ page }) => {
  await signIn(page, testUser(4));
  await sendPayment(page);
  const dialog = stepUpDialog(page);
  const secret = await readTotpSecret(dialog);

  await submitCode(dialog, "Authentication code", await wrongTotpCode(secret));
  await expect(dialog.getByRole("alert")).toHaveText("That code is not valid. Try again.");
  await expect(dialog.getByRole("button", { name: "Verify" })).toBeEnabled();

  const { code } = await totpCode(secret);
  await submitCode(dialog, "Authentication code", code);
  await dialog.getByRole("button", { name: "I saved these codes" }).click();
  await expect(dialog).toBeHidden();
  await expectPaymentSent(page);
});
