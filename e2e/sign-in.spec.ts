import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe.js";
import { signIn, signOut } from "./support/flows.js";
import { appEnv, issuerConfig, testUser } from "./support/settings.js";

const appUrl = appEnv.APP_BASE_URL ?? "http://localhost:3010";

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

test("another site cannot sign the user out: the app asks, and signs out only on the user's click", async ({
  page,
}) => {
  const user = testUser(1);
  await signIn(page, user);
  // A page of another origin (the issuer's, on another port: same site,
  // another origin) sends the browser to the app's logout.
  const leaveFromIssuer = async () => {
    await page.goto(`${issuerConfig.issuer}/.well-known/openid-configuration`);
    await page.evaluate((url) => window.location.assign(url), `${appUrl}/auth/logout?returnTo=/`);
    await expect(page.getByRole("heading", { name: "Sign out?" })).toBeVisible();
  };

  await leaveFromIssuer();
  await expectNoAxeViolations(page, "the logout confirmation page");
  await page.getByRole("link", { name: "Stay signed in" }).click();
  await expect(page.getByRole("link", { name: "Sign out" })).toBeVisible();

  await leaveFromIssuer();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/dashboard");
  await expect(page.getByLabel("Email")).toBeVisible();
});

test("another site cannot end the issuer session: the issuer asks, and ends it on the user's click", async ({
  page,
}) => {
  await signIn(page, testUser(1));
  // The app's page (another origin) sends the browser to the issuer's
  // logout without an id_token_hint.
  const sendToIssuerLogout = async () => {
    await page.goto("/");
    await page.evaluate((url) => window.location.assign(url), `${issuerConfig.issuer}/oidc/logout`);
    await expect(page.getByRole("heading", { name: "Sign out?" })).toBeVisible();
  };

  await sendToIssuerLogout();
  await expectNoAxeViolations(page, "the issuer's logout confirmation page");
  // Nothing ended: signing in again comes straight back, no password asked.
  await page.goto("/auth/login?returnTo=/dashboard");
  await expect(page).toHaveURL(/\/dashboard$/);

  await sendToIssuerLogout();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Signed out" })).toBeVisible();
  await page.goto("/auth/login?returnTo=/dashboard");
  await expect(page.getByLabel("Password")).toBeVisible();
});
