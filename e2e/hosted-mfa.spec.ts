import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { readCode } from "./support/outbox.js";
import { totpCode, wrongTotpCode } from "./support/totp.js";

const PAPE_MFA = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

// The hosted pages are plain forms: the whole flow must work with JavaScript off.
test.use({ javaScriptEnabled: false });

test("signs up on the hosted page and enrolls an authenticator app in the MFA step, without JavaScript", async ({
  page,
  request,
}) => {
  const email = `hosted-${randomBytes(4).toString("hex")}@example.com`;
  const query = new URLSearchParams({
    screen_hint: "signup",
    acr_values: PAPE_MFA,
    returnTo: "/dashboard",
  });
  await page.goto(`/auth/login?${query.toString()}`);
  await expect(page.getByLabel("Email")).toBeFocused();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name").fill("Hosted Tester");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();

  // The address is verified with a code sent to it before the sign-up goes on.
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const { code: emailCode } = await readCode(request, email);
  await page.getByLabel("6-digit code").fill(emailCode);
  await page.getByRole("button", { name: "Verify email" }).click();

  await expect(page.getByRole("heading", { name: "Set up an authenticator app" })).toBeVisible();
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  const codeField = page.getByLabel("6-digit code");
  await expect(codeField).toBeFocused();
  const secret = ((await page.locator("code.secret").textContent()) ?? "").replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]+$/);

  await codeField.fill(await wrongTotpCode(secret));
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.getByLabel("6-digit code")).toBeFocused();

  const { code } = await totpCode(secret);
  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await expect(page.getByRole("heading", { name: "Save your recovery codes" })).toBeVisible();
  await expect(page.getByRole("listitem")).toHaveCount(10);
  await page.getByRole("button", { name: "I have saved them, continue" }).click();

  await expect(page).toHaveURL(/\/dashboard$/);
});
