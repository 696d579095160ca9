import { expect, test } from "@playwright/test";
import { sendPayment, signIn, stepUpDialog } from "./support/flows.js";
import { testUser } from "./support/settings.js";

test("the step-up dialog is modal, takes focus and Escape cancels it", async ({ page }) => {
  await signIn(page, testUser(6));
  await sendPayment(page);

  const dialog = stepUpDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute("aria-modal", "true");
  await expect(dialog.getByLabel("Authentication code")).toBeFocused();

  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  // Scoped to <main>: Next.js adds its own role="alert" route announcer.
  await expect(page.getByRole("main").getByRole("alert")).toContainText("verification cancelled");
  await expect(page.getByRole("button", { name: "Send payment" })).toBeEnabled();
});
