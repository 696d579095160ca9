import { expect, test } from "@playwright/test";
import { readTotpSecret, signIn, stepUpDialog, submitCode } from "./support/flows.js";
import { testUser } from "./support/settings.js";
import { totpCode } from "./support/totp.js";

const PENDING_COOKIE = "__stepup_session_mfa";

test("proxy-guarded page: redirect to the step-up page, context in an httpOnly cookie, resume", async ({
  page,
  context,
}) => {
  await signIn(page, testUser(11));
  await page.getByRole("link", { name: "next-stepup" }).click();
  await page.getByRole("link", { name: "Proxy-guarded page" }).click();

  // proxy.ts sent us to the step-up page; the context is in no URL.
  await expect(page).toHaveURL("/step-up");
  const pending = (await context.cookies()).find((c) => c.name === PENDING_COOKIE);
  expect(pending).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/auth/mfa" });
  expect(page.url()).not.toContain(pending?.value.slice(0, 40) ?? "<none>");
  expect(await page.evaluate(() => document.cookie)).not.toContain(PENDING_COOKIE);

  const dialog = stepUpDialog(page);
  await expect(dialog).toBeVisible();
  const secret = await readTotpSecret(dialog);
  await submitCode(dialog, "Authentication code", (await totpCode(secret)).code);
  await dialog.getByRole("button", { name: "I saved these codes" }).click();

  // Back on the guarded page, which used the stepped-up token for the API.
  await expect(page).toHaveURL("/examples/proxy-guarded");
  await expect(page.getByTestId("balance")).toContainText("EUR");
  expect((await context.cookies()).some((c) => c.name === PENDING_COOKIE)).toBe(false);

  // Fresh enough now: no new step-up on reload.
  await page.reload();
  await expect(page.getByTestId("balance")).toBeVisible();

  // Nothing is pending any more: the step-up page says so.
  await page.goto("/step-up");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("expired");
});
