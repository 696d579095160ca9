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
import { totpCode } from "./support/totp.js";

test("a new session steps up with the enrolled authenticator app", async ({ page }) => {
  const user = testUser(3);
  await signIn(page, user);
  const enrolled = await payWithEnrollment(page);

  // A new login has only a password behind it: the payment API asks again.
  await signOut(page);
  await signIn(page, user);
  await sendPayment(page);

  const dialog = stepUpDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Authentication code")).toBeVisible();
  // Enrolled already: no QR code and no secret this time.
  await expect(dialog.getByTestId("totp-secret")).toHaveCount(0);

  const { code } = await totpCode(enrolled.secret, { after: enrolled.step });
  await submitCode(dialog, "Authentication code", code);
  await expect(dialog).toBeHidden();
  await expectPaymentSent(page);
});
