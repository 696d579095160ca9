import { expect, test } from "@playwright/test";
import { payWithEnrollment, signIn, signOut, stepUpDialog, submitCode } from "./support/flows.js";
import { userByEmail } from "./support/settings.js";
import { totpCode } from "./support/totp.js";

test("security settings: step up, regenerate recovery codes, remove the authenticator app", async ({
  page,
}) => {
  const user = userByEmail("e2e-sec-3@example.com");
  await signIn(page, user);
  const enrolled = await payWithEnrollment(page);

  // A new sign-in has no MFA yet: the settings ask for one before listing anything.
  await signOut(page);
  await signIn(page, user);
  await page.getByRole("link", { name: "Security settings" }).click();
  const dialog = stepUpDialog(page);
  await expect(dialog).toContainText("Changing your security settings");
  const { code } = await totpCode(enrolled.secret, { after: enrolled.step });
  await submitCode(dialog, "Authentication code", code);
  await expect(dialog).toBeHidden();

  const table = page.getByRole("table");
  await expect(table.getByRole("rowheader", { name: "Authenticator app" })).toBeVisible();
  await expect(table.getByRole("rowheader", { name: /Recovery codes/ })).toBeVisible();

  // New recovery codes, shown once, none of the old ones among them.
  await page.getByRole("button", { name: "Regenerate recovery codes" }).click();
  const list = page.getByTestId("recovery-codes");
  await expect(list).toBeVisible();
  const fresh = (await list.getByRole("listitem").allTextContents()).map((c) => c.trim());
  expect(fresh).toHaveLength(enrolled.recoveryCodes.length);
  expect(fresh.filter((c) => enrolled.recoveryCodes.includes(c))).toEqual([]);
  await page.getByRole("button", { name: "I saved these codes" }).click();
  await expect(page.getByRole("status")).toContainText("New recovery codes saved");

  // Removing the last factor removes the recovery codes with it.
  await page.getByRole("button", { name: "Remove Authenticator app" }).click();
  await expect(page.getByRole("status")).toContainText("Authenticator app was removed");
  await expect(page.getByText("No factors yet")).toBeVisible();
});
