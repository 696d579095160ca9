import { expect, test } from "../src/testing/playwright/index.js";
import { expectNoAxeViolations } from "./support/axe.js";
import { readCode } from "./support/outbox.js";
import {
  chooseFactor,
  expectPaymentSent,
  readTotpSecret,
  sendPayment,
  signOut,
  signUp,
  stepUpDialog,
  submitCode,
} from "./support/flows.js";
import { issuerConfig } from "./support/settings.js";

const PAYMENTS = "https://api.example.com/payments";
const PAPE_MFA = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

/**
 * axe-core, WCAG 2.2 AA rules, over every page of the example app and every
 * state of its step-up dialog: zero violations.
 */
test("the example's pages and step-up dialog have no WCAG 2.2 AA violations", async ({
  page,
  stepUp,
}) => {
  test.setTimeout(150_000);
  await page.goto("/");
  await expectNoAxeViolations(page, "the home page, signed out");

  const user = await signUp(page);
  await expectNoAxeViolations(page, "the dashboard");
  await page.goto("/");
  await expectNoAxeViolations(page, "the home page, signed in");

  // The dialog's enrollment states: the authenticator app, then email.
  await page.goto("/dashboard");
  await sendPayment(page);
  const dialog = stepUpDialog(page);
  await expect(dialog.getByRole("img", { name: /QR code/ })).toBeVisible();
  await expectNoAxeViolations(page, "the dialog: authenticator app enrollment");
  await dialog.getByRole("radio", { name: "Email" }).check();
  await expect(dialog.getByLabel("Email address")).toBeVisible();
  await expectNoAxeViolations(page, "the dialog: email enrollment");
  await dialog.getByRole("radio", { name: "Text message" }).check();
  await expect(dialog.getByLabel("Mobile phone number")).toBeVisible();
  await expectNoAxeViolations(page, "the dialog: text message enrollment");
  await dialog.getByRole("radio", { name: "Passkey" }).check();
  await expect(dialog.getByRole("button", { name: "Create a passkey" })).toBeVisible();
  await expectNoAxeViolations(page, "the dialog: passkey enrollment");
  await dialog.getByRole("radio", { name: "Authenticator app" }).check();
  const secret = await readTotpSecret(dialog);
  await submitCode(dialog, "Authentication code", "000000");
  await expect(dialog.getByRole("alert")).toBeVisible();
  await expectNoAxeViolations(page, "the dialog: a wrong code");
  const first = await stepUp.totp(secret);
  await submitCode(dialog, "Authentication code", first.code);
  await expect(dialog.getByTestId("recovery-codes")).toBeVisible();
  await expectNoAxeViolations(page, "the dialog: recovery codes");
  await dialog.getByRole("button", { name: "I saved these codes" }).click();
  await expectPaymentSent(page);
  await expectNoAxeViolations(page, "the dashboard: payment sent");

  for (const [path, heading] of [
    ["/security", "Security settings"],
    ["/examples/route-handler", "Route handler"],
    ["/examples/server-action", "Server action"],
    ["/examples/popup", "Pay after a popup step-up"],
    ["/examples/proxy-guarded", "Proxy-guarded page"],
    ["/payees", "Change payee"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expectNoAxeViolations(page, path);
  }

  // A new session: the dialog's challenge state, and the proxy's step-up page.
  await page.goto("/dashboard");
  await signOut(page);
  await stepUp.signIn(user, { returnTo: "/dashboard" });
  await sendPayment(page);
  await expect(stepUpDialog(page).getByLabel("Authentication code")).toBeFocused();
  await expectNoAxeViolations(page, "the dialog: the authenticator app's challenge");
  await stepUpDialog(page).getByRole("button", { name: "Use a recovery code instead" }).click();
  await expectNoAxeViolations(page, "the dialog: a recovery code");
  await page.keyboard.press("Escape");
  await page.goto("/examples/proxy-guarded");
  await expect(page.getByRole("heading", { name: "Verification needed" })).toBeVisible();
  await expect(stepUpDialog(page)).toBeVisible();
  await expectNoAxeViolations(page, "the proxy's step-up page");
  await page.goto("/security");
  await expect(stepUpDialog(page)).toContainText("Changing your security settings");
  await expectNoAxeViolations(page, "the security page, stepping up");
});

/**
 * The passkey states, with Chromium's virtual authenticator as the device:
 * the dialog's passkey challenge, a cancelled prompt, the passkey-only API's
 * dialog, the settings' passkey row and its rename form, and the issuer's
 * hosted passkey page: zero violations.
 */
test("the passkey pages and dialog states have no WCAG 2.2 AA violations", async ({
  page,
  stepUp,
}) => {
  test.setTimeout(150_000);
  const device = await stepUp.passkeys();
  const user = await signUp(page);
  await page.goto("/payees");
  await page.getByRole("button", { name: "Change payee" }).click();
  const dialog = stepUpDialog(page);
  await expect(dialog.getByRole("button", { name: "Create a passkey" })).toBeVisible();
  await expectNoAxeViolations(page, "the dialog: passkey-only enrollment");
  await dialog.getByRole("button", { name: "Create a passkey" }).click();
  await expect(dialog.getByTestId("recovery-codes")).toBeVisible();
  await dialog.getByRole("button", { name: "I saved these codes" }).click();
  await expect(page.getByRole("status")).toContainText("Payee changed");
  await expectNoAxeViolations(page, "/payees: payee changed");

  await page.goto("/security");
  await page.getByRole("button", { name: /^Rename / }).click();
  await expect(page.getByLabel("New name")).toBeVisible();
  await expectNoAxeViolations(page, "the security page: a passkey and its rename form");

  // A new session: the dialog's passkey challenge, a failed prompt, the hosted page.
  await page.goto("/dashboard");
  await signOut(page);
  await stepUp.signIn(user, { returnTo: "/dashboard" });
  await sendPayment(page);
  await expect(dialog.getByRole("button", { name: "Use your passkey" })).toBeVisible();
  await expectNoAxeViolations(page, "the dialog: the passkey's challenge");
  await device.setUserVerified(false);
  await dialog.getByRole("button", { name: "Use your passkey" }).click();
  await expect(dialog.getByRole("alert")).toBeVisible();
  await expectNoAxeViolations(page, "the dialog: a passkey prompt that failed");
  await device.setUserVerified(true);
  await page.keyboard.press("Escape");
  await page.goto(
    `/auth/login?${new URLSearchParams({ acr_values: PAPE_MFA, prompt: "login", returnTo: "/" })}`,
  );
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Use your passkey" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Use passkey" })).toBeVisible();
  await expectNoAxeViolations(page, "the hosted MFA step: the passkey's challenge");
});

/**
 * The issuer's hosted pages: login, sign-up (with an error), every MFA step
 * state (enrollment, a wrong code, recovery codes, the challenge of each
 * factor, the picker), an error page and the dev outbox: zero violations.
 */
test("the issuer's hosted pages have no WCAG 2.2 AA violations", async ({ page, stepUp }) => {
  test.setTimeout(150_000);
  await page.goto("/auth/login?returnTo=/dashboard");
  await expect(page.getByLabel("Password")).toBeVisible();
  await expectNoAxeViolations(page, "the hosted login page");
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expectNoAxeViolations(page, "the hosted login page: wrong password");

  const query = new URLSearchParams({
    screen_hint: "signup",
    acr_values: PAPE_MFA,
    audience: PAYMENTS,
    returnTo: "/dashboard",
  });
  await page.goto(`/auth/login?${query.toString()}`);
  await expect(page.getByRole("button", { name: "Create account" })).toBeVisible();
  await expectNoAxeViolations(page, "the hosted sign-up page");
  const email = `hosted-a11y-${Date.now().toString(36)}@example.com`;
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name").fill("Hosted A11y");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expectNoAxeViolations(page, "the hosted sign-up page: a short password");
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expectNoAxeViolations(page, "the hosted sign-up: the email check");
  await page.getByLabel("6-digit code").fill((await readCode(page.request, email)).code);
  await page.getByRole("button", { name: "Verify email" }).click();

  await expect(page.getByRole("heading", { name: "Set up an authenticator app" })).toBeVisible();
  await expectNoAxeViolations(page, "the hosted MFA step: authenticator app enrollment");
  await page.getByLabel("6-digit code").fill("000000");
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expectNoAxeViolations(page, "the hosted MFA step: a wrong code");
  const secret = ((await page.locator("code.secret").textContent()) ?? "").replace(/\s+/g, "");
  const first = await stepUp.totp(secret);
  await page.getByLabel("6-digit code").fill(first.code);
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await expect(page.getByRole("heading", { name: "Save your recovery codes" })).toBeVisible();
  await expectNoAxeViolations(page, "the hosted MFA step: recovery codes");
  await page.getByRole("button", { name: "I have saved them, continue" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  // The challenge of the authenticator app, the picker, the recovery code.
  await page.goto(
    `/auth/login?${new URLSearchParams({ acr_values: PAPE_MFA, prompt: "login", returnTo: "/" })}`,
  );
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Enter your authenticator code" })).toBeVisible();
  await expectNoAxeViolations(page, "the hosted MFA step: the authenticator app's challenge");
  await page.getByRole("button", { name: "Use another method" }).click();
  await expect(page.getByRole("heading", { name: "Choose how to verify" })).toBeVisible();
  await expectNoAxeViolations(page, "the hosted MFA step: the picker");
  await page.getByRole("radio", { name: "Recovery code" }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Enter a recovery code" })).toBeVisible();
  await expectNoAxeViolations(page, "the hosted MFA step: a recovery code");

  // An email factor, enrolled in the app's dialog by another user: its hosted challenge.
  await page.context().clearCookies();
  const emailUser = await signUp(page);
  await sendPayment(page);
  const dialog = stepUpDialog(page);
  await chooseFactor(dialog, "Email");
  await dialog.getByLabel("Email address").fill(emailUser.email);
  // The sign-up's own email check is already in the outbox: wait for the next message.
  const before = (await stepUp.outbox.read(emailUser.email)).length;
  await dialog.getByRole("button", { name: "Send code" }).click();
  const sent = await stepUp.outbox.waitForCode(emailUser.email, { after: before });
  await submitCode(dialog, "Code from the email", sent.code);
  await dialog.getByRole("button", { name: "I saved these codes" }).click();
  await expectPaymentSent(page);
  await page.goto(
    `/auth/login?${new URLSearchParams({ acr_values: PAPE_MFA, prompt: "login", returnTo: "/" })}`,
  );
  await page.getByLabel("Email").fill(emailUser.email);
  await page.getByLabel("Password").fill(emailUser.password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Enter the code we emailed you" })).toBeVisible();
  await expectNoAxeViolations(page, "the hosted MFA step: the email challenge");

  await page.goto(`${issuerConfig.issuer}/authorize?client_id=unknown`);
  await expectNoAxeViolations(page, "the hosted error page");
  await page.goto(`${issuerConfig.issuer}/dev/outbox`);
  await expectNoAxeViolations(page, "the dev outbox");
});
