import { expect, test } from "../src/testing/playwright/index.js";
import {
  chooseFactor,
  expectPaymentSent,
  sendPayment,
  signOut,
  signUp,
  stepUpDialog,
  submitCode,
} from "./support/flows.js";

const PAYMENTS = { audience: "https://api.example.com/payments", scope: "payments:write" };

/**
 * next-stepup/testing/playwright's `stepUp` fixture against the example: the
 * hosted step-up enrolls the authenticator app and answers its challenge;
 * the session it leaves pays without a dialog.
 */
test("the stepUp fixture enrolls and answers TOTP on the hosted pages", async ({
  page,
  stepUp,
}) => {
  test.setTimeout(150_000);
  const user = await signUp(page);

  // No factor yet: the hosted MFA step enrolls the authenticator app.
  const enrolled = await stepUp.onHostedPages({
    ...PAYMENTS,
    factor: "otp",
    returnTo: "/dashboard",
  });
  expect(enrolled.secret).toMatch(/^[A-Z2-7]+$/);
  expect(enrolled.recoveryCodes?.length).toBeGreaterThan(0);
  await sendPayment(page);
  await expectPaymentSent(page);
  await expect(stepUpDialog(page)).toHaveCount(0);

  // A new session with the app's TOTP on the hosted challenge page.
  await signOut(page);
  await stepUp.signIn(user, { returnTo: "/dashboard" });
  await stepUp.onHostedPages({
    ...PAYMENTS,
    factor: "otp",
    secret: enrolled.secret!,
    after: enrolled.step!,
    user,
    returnTo: "/dashboard",
  });
  await sendPayment(page);
  await expectPaymentSent(page);
  await expect(stepUpDialog(page)).toHaveCount(0);
});

test("the stepUp fixture answers an email challenge with the code from the dev outbox", async ({
  page,
  stepUp,
}) => {
  test.setTimeout(120_000);
  const user = await signUp(page);
  // Email enrolled in the app's own dialog, with the code read from the outbox.
  await sendPayment(page);
  const dialog = stepUpDialog(page);
  await chooseFactor(dialog, "Email");
  await dialog.getByLabel("Email address").fill(user.email);
  // The sign-up's own email check is already in the outbox: wait for the next message.
  const before = (await stepUp.outbox.read(user.email)).length;
  await dialog.getByRole("button", { name: "Send code" }).click();
  const { code } = await stepUp.outbox.waitForCode(user.email, { after: before });
  await submitCode(dialog, "Code from the email", code);
  await dialog.getByRole("button", { name: "I saved these codes" }).click();
  await expectPaymentSent(page);

  await signOut(page);
  await stepUp.signIn(user, { returnTo: "/dashboard" });
  await stepUp.onHostedPages({
    ...PAYMENTS,
    factor: "email",
    destination: user.email,
    user,
    returnTo: "/dashboard",
  });
  await sendPayment(page);
  await expectPaymentSent(page);
  await expect(stepUpDialog(page)).toHaveCount(0);
});
