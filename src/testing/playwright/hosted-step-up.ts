import { expect, type Page } from "@playwright/test";
import type { FactorDriver, FactorRequest, HostedEnrollment } from "./factors.js";
import type { DevOutbox } from "./outbox.js";
import type { SignInUser } from "./sign-in.js";
import { totpCode } from "./totp.js";

/** The OpenID PAPE multi-factor policy (`MFA_ACR` of next-stepup/server). */
const MFA_ACR = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

export interface HostedStepUpOptions extends FactorRequest {
  /** The API to step up for; its token lands in the session. Default: the login audience. */
  audience?: string;
  scope?: string;
  /** Where the app sends the browser afterwards; default `/`. */
  returnTo?: string;
  /** Signs in on the way when the issuer has no session (or asks for the password again). */
  user?: SignInUser;
  /** Where the app mounts the SDK's routes; default `/auth`. */
  prefix?: string;
}

/** What the hosted step-up did: the enrollment's secret and recovery codes, or the step used. */
export type HostedStepUpResult = HostedEnrollment;

/**
 * Steps the session up on the issuer's hosted MFA pages: `{prefix}/login`
 * with `acr_values` (multi-factor) and the audience, then, on the issuer,
 * the password (when asked), the enrollment (a user with no factor; the
 * driver of `factor` must be able to enroll) or the challenge of `factor`
 * (picked with "Use another method" when another one is offered first).
 * Ends back on the app at `returnTo`.
 */
export async function stepUpOnHostedPages(
  page: Page,
  options: HostedStepUpOptions,
  deps: { drivers: Record<string, FactorDriver>; outbox: DevOutbox },
): Promise<HostedStepUpResult> {
  const driver = deps.drivers[options.factor];
  if (!driver)
    throw new TypeError(`next-stepup: no hosted driver for the factor "${options.factor}"`);
  const returnTo = options.returnTo ?? "/";
  const query = new URLSearchParams({ returnTo, acr_values: MFA_ACR });
  if (options.audience) query.set("audience", options.audience);
  if (options.scope) query.set("scope", options.scope);
  const sentBefore = options.destination ? (await deps.outbox.read(options.destination)).length : 0;
  const step = {
    page,
    request: options,
    outbox: deps.outbox,
    sentBefore,
    totp: totpCode,
  };

  await page.goto(`${options.prefix ?? "/auth"}/login?${query.toString()}`);
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toBeVisible();
  if (await page.getByLabel("Password").isVisible()) {
    if (!options.user) throw new TypeError('next-stepup: the issuer asks to sign in; pass "user"');
    if (await page.getByLabel("Email").isEditable()) {
      await page.getByLabel("Email").fill(options.user.email);
    }
    await page.getByLabel("Password").fill(options.user.password);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByLabel("Password")).toBeHidden();
  }

  let result: HostedStepUpResult | void;
  if ((await heading.textContent())?.trim() === "Set up an authenticator app") {
    if (!driver.enroll) {
      throw new TypeError(`next-stepup: the hosted pages cannot enroll "${options.factor}"`);
    }
    result = await driver.enroll(step);
  } else {
    await pickFactor(page, driver);
    result = await driver.answer(step);
  }
  await expect(page).toHaveURL((url) => url.pathname + url.search === returnTo);
  return result ?? {};
}

/** On another factor's challenge page, "Use another method" leads to the picker. */
async function pickFactor(page: Page, driver: FactorDriver): Promise<void> {
  const heading = page.getByRole("heading", { level: 1 });
  if (driver.heading.test((await heading.textContent()) ?? "")) return;
  const picker = page.getByRole("heading", { name: "Choose how to verify" });
  if (!(await picker.isVisible())) {
    await page.getByRole("button", { name: "Use another method" }).click();
    await expect(picker).toBeVisible();
  }
  await page.getByRole("radio", { name: driver.label }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(heading).toHaveText(driver.heading);
}
