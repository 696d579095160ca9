import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support/flows.js";
import { userByEmail, type TestUser } from "./support/settings.js";
import { totpCode } from "./support/totp.js";

/** This spec's users, found by email (other specs count users by position). */
function popupUser(n: number): TestUser {
  return userByEmail(`e2e-popup-${n}@example.com`);
}

async function openExample(page: Page, user: TestUser): Promise<void> {
  await signIn(page, user);
  await page.goto("/examples/popup");
  await expect(page.getByRole("heading", { name: "Pay after a popup step-up" })).toBeVisible();
  // useUser: the profile came from /auth/profile through SWR.
  await expect(page.getByText(`Paying as ${user.name}`)).toBeVisible();
}

/** The alert in <main> (Next.js adds its own role="alert" route announcer). */
const alertOf = (page: Page) => page.getByRole("main").getByRole("alert");

test("a blocked popup is reported as such, and nothing is paid", async ({ page }) => {
  // What a popup blocker does: window.open answers null.
  await page.addInitScript(() => {
    window.open = () => null;
  });
  await openExample(page, popupUser(1));
  await page.getByRole("button", { name: "Verify and pay" }).click();
  await expect(alertOf(page)).toContainText("blocked the verification popup");
  await expect(page.getByRole("button", { name: "Verify and pay" })).toBeEnabled();
});

test("closing the popup cancels the step-up", async ({ page }) => {
  await openExample(page, popupUser(2));
  const [popup] = await Promise.all([
    page.waitForEvent("popup"),
    page.getByRole("button", { name: "Verify and pay" }).click(),
  ]);
  // The issuer session from the sign-in skips the password: the popup asks for the MFA.
  await expect(popup.getByRole("heading", { name: "Set up an authenticator app" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Verifying in the popup…" })).toBeDisabled();
  await popup.close();
  await expect(alertOf(page)).toContainText("verification window was closed");
  await expect(page.getByTestId("payment-id")).toHaveCount(0);
});

test("the hosted MFA in the popup steps the session up, then the payment goes through", async ({
  page,
}) => {
  await openExample(page, popupUser(3));
  const [popup] = await Promise.all([
    page.waitForEvent("popup"),
    page.getByRole("button", { name: "Verify and pay" }).click(),
  ]);
  await expect(popup.getByRole("heading", { name: "Set up an authenticator app" })).toBeVisible();
  const secret = ((await popup.locator("code.secret").textContent()) ?? "").replace(/\s+/g, "");
  const { code } = await totpCode(secret);
  await popup.getByLabel("6-digit code").fill(code);
  await popup.getByRole("button", { name: "Verify and continue" }).click();
  await expect(popup.getByRole("heading", { name: "Save your recovery codes" })).toBeVisible();
  const closed = popup.waitForEvent("close");
  await popup.getByRole("button", { name: "I have saved them, continue" }).click();
  // The callback page reports to the opener and closes itself.
  await closed;

  const status = page.getByRole("status");
  await expect(status).toContainText("Payment sent");
  await expect(status.getByTestId("payment-id")).toHaveText(/^pay_/);
  await expect(alertOf(page)).toHaveCount(0);
});
