import type { Page } from "@playwright/test";
import {
  addVirtualAuthenticator,
  copyPasskeys,
  expect,
  test,
} from "../src/testing/playwright/index.js";
import {
  chooseFactor,
  expectPaymentSent,
  sendPayment,
  signIn,
  signOut,
  signUp,
  stepUpDialog,
} from "./support/flows.js";
import { userByEmail, type TestUser } from "./support/settings.js";
import { totpCode } from "./support/totp.js";

// Passkeys in Chromium, with its CDP virtual authenticator as the user's
// device: real WebAuthn ceremonies that the issuer verifies.

const PAYMENTS = { audience: "https://api.example.com/payments", scope: "payments:write" };

function passkeyUser(n: number): TestUser {
  return userByEmail(`e2e-passkey-${n}@example.com`);
}

/** In the open dialog: choose "Passkey", create one, save the recovery codes. */
async function enrollPasskeyInDialog(page: Page, name?: string): Promise<void> {
  const dialog = stepUpDialog(page);
  await expect(dialog).toBeVisible();
  await chooseFactor(dialog, "Passkey");
  if (name) await dialog.getByLabel("Name (optional)").fill(name);
  await dialog.getByRole("button", { name: "Create a passkey" }).click();
  await expect(dialog.getByTestId("recovery-codes")).toBeVisible();
  await dialog.getByRole("button", { name: "I saved these codes" }).click();
  await expect(dialog).toBeHidden();
}

test("a new user signs up, enrolls a passkey during a payment, and a new session steps up with it", async ({
  page,
  browser,
  stepUp,
}) => {
  test.setTimeout(150_000);
  const device = await stepUp.passkeys();
  const user = await signUp(page);
  await sendPayment(page, "20.00", "Ada Lovelace");
  await enrollPasskeyInDialog(page, "E2E laptop");
  await expectPaymentSent(page);
  expect(await device.credentials()).toHaveLength(1);

  // Another browser session (and device, holding the same passkey, as a synced one would).
  const context = await browser.newContext({ javaScriptEnabled: true });
  const other = await context.newPage();
  await copyPasskeys(device, other);
  await signIn(other, { ...user, name: user.name });
  await sendPayment(other, "21.00", "Ada Lovelace");
  const dialog = stepUpDialog(other);
  await expect(dialog.getByRole("button", { name: "Use your passkey" })).toBeVisible();
  await dialog.getByRole("button", { name: "Use your passkey" }).click();
  await expect(dialog).toBeHidden();
  await expectPaymentSent(other);
  await context.close();
});

test("a cancelled passkey prompt is reported, and trying again works", async ({ page, stepUp }) => {
  test.setTimeout(120_000);
  const device = await stepUp.passkeys();
  await signIn(page, passkeyUser(1));
  await sendPayment(page);
  await enrollPasskeyInDialog(page);
  await expectPaymentSent(page);
  await signOut(page);

  // Without the user's verification the browser's prompt fails as if dismissed.
  await signIn(page, passkeyUser(1));
  await device.setUserVerified(false);
  await sendPayment(page);
  const dialog = stepUpDialog(page);
  await dialog.getByRole("button", { name: "Use your passkey" }).click();
  await expect(dialog.getByRole("alert")).toContainText("The passkey was not used");
  await expect(page.getByTestId("payment-id")).toHaveCount(0);

  await device.setUserVerified(true);
  await dialog.getByRole("button", { name: "Use your passkey" }).click();
  await expect(dialog).toBeHidden();
  await expectPaymentSent(page);
});

test("the passkey-only API: a new user can only create a passkey, which then changes the payee", async ({
  page,
  stepUp,
}) => {
  test.setTimeout(120_000);
  await stepUp.passkeys();
  await signIn(page, passkeyUser(2));
  await page.getByRole("link", { name: "Change payee" }).click();
  await expect(page.getByRole("heading", { name: "Change payee" })).toBeVisible();
  await page.getByRole("button", { name: "Change payee" }).click();

  const dialog = stepUpDialog(page);
  await expect(dialog).toBeVisible();
  // Only a passkey is offered: no choice of method, no QR code.
  await expect(dialog.getByRole("radio")).toHaveCount(0);
  await expect(dialog.getByRole("button", { name: "Create a passkey" })).toBeVisible();
  await dialog.getByRole("button", { name: "Create a passkey" }).click();
  await dialog.getByRole("button", { name: "I saved these codes" }).click();
  await expect(page.getByRole("status")).toContainText("Payee changed to Grace Hopper");
});

test("a user with only an authenticator app is offered a recovery code on the passkey-only API", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, passkeyUser(3));
  // The payment enrolls the authenticator app (the dialog's default).
  await sendPayment(page);
  const dialog = stepUpDialog(page);
  const secret = ((await dialog.getByTestId("totp-secret").textContent()) ?? "").replace(
    /\s+/g,
    "",
  );
  const { code } = await totpCode(secret);
  await dialog.getByLabel("Authentication code").fill(code);
  await dialog.getByRole("button", { name: "Verify" }).click();
  await expect(dialog.getByTestId("recovery-codes")).toBeVisible();
  const codes = (
    await dialog.getByTestId("recovery-codes").getByRole("listitem").allTextContents()
  ).map((c) => c.trim());
  await dialog.getByRole("button", { name: "I saved these codes" }).click();
  await expectPaymentSent(page);

  await page.goto("/payees");
  await page.getByRole("button", { name: "Change payee" }).click();
  // The user's authenticator app is not accepted here: a recovery code is what is left.
  await expect(dialog).toContainText("None of your verification methods is accepted here");
  await expect(dialog.getByLabel("Authentication code")).toHaveCount(0);
  await dialog.getByLabel("Recovery code").fill(codes[0]!);
  await dialog.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("status")).toContainText("Payee changed");
});

test("security settings list the passkey (name, dates, device-bound), rename and remove it", async ({
  page,
  stepUp,
}) => {
  test.setTimeout(120_000);
  await stepUp.passkeys();
  const user = await signUp(page);
  await sendPayment(page);
  await enrollPasskeyInDialog(page, "Work laptop");
  await expectPaymentSent(page);

  // A new sign-in has no MFA yet: the settings ask for the passkey first.
  await signOut(page);
  await signIn(page, user);
  await page.getByRole("link", { name: "Security settings" }).click();
  const dialog = stepUpDialog(page);
  await expect(dialog).toContainText("Changing your security settings");
  await dialog.getByRole("button", { name: "Use your passkey" }).click();
  await expect(dialog).toBeHidden();

  const table = page.getByRole("table");
  const row = table.getByRole("row", { name: /Work laptop/ });
  // Chromium's virtual authenticator is not backup-eligible: a device-bound passkey.
  await expect(row.getByRole("rowheader")).toContainText("Device-bound");
  const [created, lastUsed] = await row.getByRole("cell").allTextContents();
  expect(created).not.toBe("Never");
  expect(lastUsed).not.toBe("Never");

  await row.getByRole("button", { name: "Rename Work laptop" }).click();
  await page.getByLabel("New name").fill("Office desktop");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("status")).toContainText("The passkey is now called Office desktop");
  await expect(table.getByRole("rowheader", { name: /Office desktop/ })).toBeVisible();

  // Removing the last factor removes the recovery codes with it.
  await page.getByRole("button", { name: "Remove Office desktop" }).click();
  await expect(page.getByRole("status")).toContainText("Office desktop was removed");
  await expect(page.getByText("No factors yet")).toBeVisible();
});

test("the popup step-up uses the passkey on the issuer's hosted page", async ({ page, stepUp }) => {
  test.setTimeout(120_000);
  const device = await stepUp.passkeys();
  const user = passkeyUser(4);
  await signIn(page, user);
  await sendPayment(page);
  await enrollPasskeyInDialog(page);
  await expectPaymentSent(page);

  await page.goto("/examples/popup");
  await expect(page.getByRole("heading", { name: "Pay after a popup step-up" })).toBeVisible();
  const [popup] = await Promise.all([
    page.waitForEvent("popup"),
    page.getByRole("button", { name: "Verify and pay" }).click(),
  ]);
  await copyPasskeys(device, popup);
  await expect(popup.getByRole("heading", { name: "Use your passkey" })).toBeVisible();
  const closed = popup.waitForEvent("close");
  await popup.getByRole("button", { name: "Use passkey" }).click();
  await closed;
  await expect(page.getByRole("status")).toContainText("Payment sent");
});

test("the stepUp fixture steps up with a passkey on the hosted pages, which also work without it", async ({
  page,
  stepUp,
}) => {
  test.setTimeout(120_000);
  await stepUp.passkeys();
  const user = passkeyUser(5);
  await signIn(page, user);
  await sendPayment(page);
  await enrollPasskeyInDialog(page);
  await expectPaymentSent(page);
  await signOut(page);

  await stepUp.signIn(user, { returnTo: "/dashboard" });
  await stepUp.onHostedPages({ ...PAYMENTS, factor: "webauthn", user, returnTo: "/dashboard" });
  await sendPayment(page);
  await expectPaymentSent(page);
  await expect(stepUpDialog(page)).toHaveCount(0);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the hosted passkey page says a passkey needs JavaScript and offers the other methods", async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    // Enrolled in a JavaScript session first.
    const setup = await browser.newContext({ javaScriptEnabled: true });
    const setupPage = await setup.newPage();
    await addVirtualAuthenticator(setupPage);
    const user = passkeyUser(6);
    await signIn(setupPage, user);
    await sendPayment(setupPage);
    await enrollPasskeyInDialog(setupPage);
    await expectPaymentSent(setupPage);
    await setup.close();

    const query = new URLSearchParams({
      acr_values: "http://schemas.openid.net/pape/policies/2007/06/multi-factor",
      returnTo: "/dashboard",
    });
    await page.goto(`/auth/login?${query.toString()}`);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { name: "Use your passkey" })).toBeVisible();
    await expect(page.getByText("Passkeys need JavaScript")).toBeVisible();
    await expect(page.getByRole("button", { name: "Use passkey" })).toBeHidden();
    await page.getByRole("button", { name: "Use another method" }).click();
    await expect(page.getByRole("heading", { name: "Choose how to verify" })).toBeVisible();
    await expect(page.getByRole("radio", { name: "Recovery code" })).toBeVisible();
  });
});
