import { expect, test } from "@playwright/test";
import { signIn, signOut } from "./support/flows.js";
import { testUser } from "./support/settings.js";

test("signs in through the hosted login page and shows the user on the dashboard", async ({
  page,
}) => {
  const user = testUser(1);
  await signIn(page, user);
  await expect(page.getByText(user.email)).toBeVisible();
  await expect(page.getByRole("button", { name: "Send payment" })).toBeEnabled();

  await signOut(page);
  // The session is gone: the dashboard sends us back to the login page.
  await page.goto("/dashboard");
  await expect(page.getByLabel("Email")).toBeVisible();
});

test("a wrong password keeps the user on the login page", async ({ page }) => {
  const user = testUser(1);
  await page.goto("/");
  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(`${user.password}-wrong`);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByLabel("Password")).toBeVisible();
  await expect(page).not.toHaveURL(/\/dashboard/);
});
