import { expect, type Locator, type Page } from "@playwright/test";
import { signIn as signInOnHostedPage } from "../../src/testing/playwright/index.js";
import { readCode } from "./outbox.js";
import type { TestUser } from "./settings.js";
import { totpCode } from "./totp.js";

/** Signs in through the issuer's hosted login page (next-stepup/testing/playwright); ends on the dashboard. */
export async function signIn(page: Page, user: TestUser): Promise<void> {
  await signInOnHostedPage(page, user, { returnTo: "/dashboard" });
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
}

/** Signs out (app session and issuer session); ends on the signed-out home page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole("link", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
}

/** Submits the payment form. */
export async function sendPayment(page: Page, amount = "12.34", recipient = "Grace Hopper") {
  await page.getByLabel("Amount").fill(amount);
  await page.getByLabel("Recipient").fill(recipient);
  await page.getByRole("button", { name: "Send payment" }).click();
}

/** The open step-up dialog. */
export function stepUpDialog(page: Page): Locator {
  return page.getByRole("dialog", { name: /Confirm it.s you/ });
}

/**
 * Chooses a method in the dialog's enrollment once the preselected one has
 * loaded. The dialog is centred and grows as that loads, so its radios move:
 * a click aimed before then can land beside the radio (seen on a loaded machine).
 */
export async function chooseFactor(dialog: Locator, name: string): Promise<void> {
  await expect(dialog.locator('[aria-busy="true"]')).toHaveCount(0);
  await dialog.getByRole("radio", { name }).check();
}

/** Expects "Payment sent" with an id, and returns the id. */
export async function expectPaymentSent(page: Page): Promise<string> {
  const status = page.getByRole("status");
  await expect(status).toContainText("Payment sent");
  const id = (await status.getByTestId("payment-id").textContent()) ?? "";
  expect(id).toMatch(/^pay_/);
  return id;
}

/** Reads the TOTP secret from the enrollment screen (shown in blocks of 4). */
export async function readTotpSecret(dialog: Locator): Promise<string> {
  const grouped = await dialog.getByTestId("totp-secret").textContent();
  const secret = (grouped ?? "").replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]+=*$/);
  return secret;
}

/** Types a code into the dialog's code field and presses Verify. */
export async function submitCode(dialog: Locator, label: string, code: string): Promise<void> {
  await dialog.getByLabel(label).fill(code);
  await dialog.getByRole("button", { name: "Verify" }).click();
}

export interface Enrolled {
  secret: string;
  /** The TOTP step the confirming code was made in (for replay-free later codes). */
  step: number;
  recoveryCodes: string[];
}

/**
 * From a signed-in dashboard: pays, enrolls TOTP in the step-up dialog,
 * saves the recovery codes, and sees the payment go through.
 */
export async function payWithEnrollment(page: Page): Promise<Enrolled> {
  await sendPayment(page);
  const dialog = stepUpDialog(page);
  await expect(dialog).toBeVisible();
  const secret = await readTotpSecret(dialog);
  const { code, step } = await totpCode(secret);
  await submitCode(dialog, "Authentication code", code);

  const list = dialog.getByTestId("recovery-codes");
  await expect(list).toBeVisible();
  const recoveryCodes = (await list.getByRole("listitem").allTextContents()).map((c) => c.trim());
  expect(recoveryCodes.length).toBeGreaterThan(0);
  await dialog.getByRole("button", { name: "I saved these codes" }).click();

  await expect(dialog).toBeHidden();
  await expectPaymentSent(page);
  return { secret, step, recoveryCodes };
}

/** A user made on the hosted sign-up page; ends on `returnTo` (default the dashboard), signed in. */
export async function signUp(page: Page, returnTo = "/dashboard"): Promise<TestUser> {
  const user = {
    email: `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`,
    password: `pw-${Math.random().toString(36).slice(2)}-long-enough`,
    name: "E2E Sign-up",
  };
  await page.goto(`/auth/login?screen_hint=signup&returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  // The address is checked with a code sent to it before the sign-up goes on.
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const { code } = await readCode(page.request, user.email);
  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: "Verify email" }).click();
  await expect(page).toHaveURL((url) => url.pathname === returnTo);
  return user;
}
