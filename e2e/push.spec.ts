import { expect, test, type Page } from "@playwright/test";
import {
  chooseFactor,
  expectPaymentSent,
  sendPayment,
  signIn,
  signOut,
  stepUpDialog,
} from "./support/flows.js";
import { issuerConfig, userByEmail } from "./support/settings.js";

/*
 * The issuer's development push factor in the example app: the step-up
 * dialog sends a push and waits ("approve on your device"), the dev outbox
 * is the device (Approve / Deny), and the dialog polls with `verifyPush` at
 * Auth0's interval (5 s). The browser's clock is Playwright's: the spec jumps
 * over each 5 s wait instead of sleeping through it.
 */

const POLL_INTERVAL_MS = 5000;

/** Answers the user's pending push on the dev outbox page, as the device would. */
async function answerOnOutbox(
  page: Page,
  email: string,
  what: "Enroll this device" | "Sign-in request",
  answer: "Approve" | "Deny",
): Promise<void> {
  const outbox = await page.context().newPage();
  await outbox.goto(`${issuerConfig.issuer}/dev/outbox`);
  await expect(outbox.getByRole("heading", { name: "Push notifications" })).toBeVisible();
  await outbox.getByRole("button", { name: `${answer}: ${what} for ${email}` }).click();
  // Answered: the outbox (303 back to it) no longer offers it.
  await expect(outbox.getByRole("button", { name: `${answer}: ${what} for ${email}` })).toHaveCount(
    0,
  );
  await outbox.close();
}

/** From a signed-in dashboard: pays, enrolls a push device approved on the outbox, sees the payment go through. */
async function payWithPushEnrollment(page: Page, email: string): Promise<void> {
  await sendPayment(page);
  const dialog = stepUpDialog(page);
  await chooseFactor(dialog, "Push notification");
  await expect(dialog.getByRole("img", { name: "QR code for the Guardian app" })).toBeVisible();
  await expect(dialog.getByTestId("push-pending")).toContainText("Approve the enrollment");
  await answerOnOutbox(page, email, "Enroll this device", "Approve");
  await page.clock.fastForward(POLL_INTERVAL_MS);
  await dialog.getByRole("button", { name: "I saved these codes" }).click();
  await expect(dialog).toBeHidden();
  await expectPaymentSent(page);
}

/** Signs in again (a password only: the payment asks for MFA) and pays: the dialog sends a push. */
async function payAfterNewSignIn(page: Page, email: string) {
  await signOut(page);
  await signIn(page, userByEmail(email));
  await sendPayment(page);
  const dialog = stepUpDialog(page);
  await expect(dialog.getByTestId("push-pending")).toContainText("Approve the sign-in request");
  return dialog;
}

test.beforeEach(async ({ page }) => {
  await page.clock.install();
});

test("a push approved on the device completes the step-up and the payment", async ({ page }) => {
  const email = "e2e-push-1@example.com";
  await signIn(page, userByEmail(email));
  await payWithPushEnrollment(page, email);

  const dialog = await payAfterNewSignIn(page, email);
  await answerOnOutbox(page, email, "Sign-in request", "Approve");
  await page.clock.fastForward(POLL_INTERVAL_MS);
  await expect(dialog).toBeHidden();
  await expectPaymentSent(page);
});

test("a push denied on the device shows access_denied, and another push can follow", async ({
  page,
}) => {
  const email = "e2e-push-2@example.com";
  await signIn(page, userByEmail(email));
  await payWithPushEnrollment(page, email);

  const dialog = await payAfterNewSignIn(page, email);
  await answerOnOutbox(page, email, "Sign-in request", "Deny");
  await page.clock.fastForward(POLL_INTERVAL_MS);
  const alert = dialog.getByRole("alert");
  await expect(alert).toHaveAttribute("data-error-code", "access_denied");
  await expect(page.getByText("Payment sent")).toHaveCount(0);

  // A denial is not final: the user can send another push and approve it.
  await dialog.getByRole("button", { name: "Send another push" }).click();
  await expect(dialog.getByTestId("push-pending")).toBeVisible();
  await answerOnOutbox(page, email, "Sign-in request", "Approve");
  await page.clock.fastForward(POLL_INTERVAL_MS);
  await expect(dialog).toBeHidden();
  await expectPaymentSent(page);
});

test("cancelling the dialog stops the polling", async ({ page }) => {
  const email = "e2e-push-3@example.com";
  await signIn(page, userByEmail(email));
  await payWithPushEnrollment(page, email);

  const dialog = await payAfterNewSignIn(page, email);
  const polls: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/auth/mfa/verify") polls.push(request.url());
  });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  // Approved after the cancel: nothing polls for it any more, so no payment is made.
  await answerOnOutbox(page, email, "Sign-in request", "Approve");
  await page.clock.fastForward(3 * POLL_INTERVAL_MS);
  await page.clock.runFor(1000);
  expect(polls).toEqual([]);
  await expect(page.getByText("Payment sent")).toHaveCount(0);
});
