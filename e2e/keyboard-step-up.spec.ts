import type { Locator, Page } from "@playwright/test";
import { expect, test } from "../src/testing/playwright/index.js";
import { readTotpSecret, stepUpDialog } from "./support/flows.js";

/** Presses Tab until `target` has the focus (at most `limit` times), as a keyboard user moves. */
async function tabTo(page: Page, target: Locator, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

/**
 * The whole step-up journey with the keyboard only: sign up on the hosted
 * page, reach the payment form, pay, enroll the authenticator app in the
 * dialog, save the recovery codes, see the payment sent. Each step's focus
 * lands where the next keystrokes belong; nothing is clicked.
 */
test("a keyboard-only user signs up, pays, enrolls TOTP and saves the recovery codes", async ({
  page,
  stepUp,
}) => {
  test.setTimeout(120_000);
  const email = `keys-${Date.now().toString(36)}@example.com`;

  // The hosted sign-up page: Email has the focus.
  await page.goto("/auth/login?screen_hint=signup&returnTo=/dashboard");
  await expect(page.getByLabel("Email")).toBeFocused();
  await page.keyboard.type(email);
  await tabTo(page, page.getByLabel("Name"));
  await page.keyboard.type("Keyboard User");
  await tabTo(page, page.getByLabel("Password"));
  await page.keyboard.type("a keyboard-only password");
  await page.keyboard.press("Enter");

  // The email check: the code field has the focus; the code is typed, then Enter.
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByLabel("6-digit code")).toBeFocused();
  const { code: emailed } = await stepUp.outbox.waitForCode(email);
  await page.keyboard.type(emailed);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

  // The payment form, from the top of the page.
  await tabTo(page, page.getByLabel("Amount"));
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("12.50");
  await tabTo(page, page.getByRole("button", { name: "Send payment" }));
  await page.keyboard.press("Enter");

  // The dialog takes the focus, in its code field; the secret is read off the screen.
  const dialog = stepUpDialog(page);
  const code = dialog.getByLabel("Authentication code");
  await expect(code).toBeFocused();
  const { code: totp } = await stepUp.totp(await readTotpSecret(dialog));
  await page.keyboard.type(totp);
  await page.keyboard.press("Enter");

  // Recovery codes: the heading takes the focus, the button is one Tab away.
  await expect(dialog.getByRole("heading", { name: "Save your recovery codes" })).toBeFocused();
  await tabTo(page, dialog.getByRole("button", { name: "I saved these codes" }), 5);
  await page.keyboard.press("Enter");

  // The dialog gives the focus back to the button that opened it.
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: "Send payment" })).toBeFocused();
  await expect(page.getByRole("status")).toContainText("Payment sent");
});
