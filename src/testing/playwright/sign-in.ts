import { expect, type Page } from "@playwright/test";

/** Who signs in on the hosted login page. */
export interface SignInUser {
  email: string;
  password: string;
}

export interface SignInOptions {
  /** Where the app sends the user after the login; default `/`. */
  returnTo?: string;
  /** Where the app mounts the SDK's routes; default `/auth`. */
  prefix?: string;
}

/**
 * Signs in through the app's `{prefix}/login` and the issuer's hosted login
 * page (email, password, Continue), and waits until the browser is back on
 * the app at `returnTo`. Relative URLs need the test's `baseURL`.
 * @throws the page's alert text when the login page refuses the credentials
 */
export async function signIn(
  page: Page,
  user: SignInUser,
  options: SignInOptions = {},
): Promise<void> {
  const returnTo = options.returnTo ?? "/";
  await page.goto(`${options.prefix ?? "/auth"}/login?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL((url) => url.pathname + url.search === returnTo);
}
