/**
 * next-stepup/testing/playwright: a Playwright fixture for apps that use
 * next-stepup. It signs in on the hosted login page, steps up on the hosted
 * MFA pages (authenticator app, email, SMS, passkeys; more factors plug in as
 * drivers), computes TOTP codes, reads email/SMS codes from the issuer's dev
 * outbox, and gives a page a virtual passkey authenticator (Chromium's CDP).
 * A subpath of its own, so that only apps with Playwright need it
 * (`@playwright/test` is an optional peer dependency).
 */
import { test as base, type Page } from "@playwright/test";
import { HOSTED_FACTOR_DRIVERS, type FactorDriver } from "./factors.js";
import {
  stepUpOnHostedPages,
  type HostedStepUpOptions,
  type HostedStepUpResult,
} from "./hosted-step-up.js";
import { devOutbox, type DevOutbox } from "./outbox.js";
import { addVirtualAuthenticator, copyPasskeys, type VirtualAuthenticator } from "./passkeys.js";
import { signIn, type SignInOptions, type SignInUser } from "./sign-in.js";
import { totpCode, type TotpCode } from "./totp.js";

export { expect } from "@playwright/test";
export type { FactorDriver, FactorRequest, FactorStep, HostedEnrollment } from "./factors.js";
export type { HostedStepUpOptions, HostedStepUpResult } from "./hosted-step-up.js";
export type { DevOutbox, DevOutboxCode, DevOutboxMessage } from "./outbox.js";
export type { SignInOptions, SignInUser } from "./sign-in.js";
export type { TotpCode } from "./totp.js";
export type { VirtualAuthenticator, VirtualCredential } from "./passkeys.js";
export { addVirtualAuthenticator, copyPasskeys, devOutbox, signIn, stepUpOnHostedPages, totpCode };

/** The `stepUp` fixture: one per test, on the test's `page`. */
export interface StepUpFixture {
  /** Signs in on the hosted login page; ends back on the app at `returnTo` (default `/`). */
  signIn(user: SignInUser, options?: Omit<SignInOptions, "prefix">): Promise<void>;
  /**
   * Steps the session up on the hosted MFA pages with `factor` (enrolling it
   * when the user has none and the hosted pages can); ends at `returnTo`.
   * @example
   * const { secret } = await stepUp.onHostedPages({ audience: PAYMENTS, factor: "otp" });
   */
  onHostedPages(options: Omit<HostedStepUpOptions, "prefix">): Promise<HostedStepUpResult>;
  /** A current TOTP code (waits for the step after `after`: the issuer refuses a replay). */
  totp(secret: string, options?: { after?: number }): Promise<TotpCode>;
  /** The issuer's dev outbox: email and SMS codes. */
  outbox: DevOutbox;
  /**
   * The test page's virtual passkey authenticator (Chromium's CDP), added on
   * first call: passkey prompts on the page answer at once with its passkeys.
   * Give it the passkeys of another session with `copyPasskeys`.
   * @example
   * const device = await stepUp.passkeys();
   * await stepUp.onHostedPages({ audience: PAYMENTS, factor: "webauthn" });
   */
  passkeys(): Promise<VirtualAuthenticator>;
}

/** The fixture's options: `test.use({ stepUpIssuer })` or the config's `use`. */
export interface StepUpTestOptions {
  /** The issuer's base URL (for its dev outbox); default `STEPUP_ISSUER_BASE_URL`. */
  stepUpIssuer: string;
  /** Where the app mounts the SDK's routes; default `/auth`. */
  stepUpPrefix: string;
}

export interface CreateStepUpTestOptions {
  /** Drivers for more factors (or replacements of the built-in otp, email, sms, webauthn), keyed by factor name. */
  factors?: Record<string, FactorDriver>;
}

/**
 * A Playwright `test` with the `stepUp` fixture, and drivers for extra factors.
 * @example
 * export const test = createStepUpTest({ factors: { "my-factor": myFactorDriver } });
 */
export function createStepUpTest(options: CreateStepUpTestOptions = {}) {
  const drivers = { ...HOSTED_FACTOR_DRIVERS, ...options.factors };
  return base.extend<StepUpTestOptions & { stepUp: StepUpFixture }>({
    stepUpIssuer: [process.env.STEPUP_ISSUER_BASE_URL ?? "", { option: true }],
    stepUpPrefix: ["/auth", { option: true }],
    stepUp: async ({ page, request, stepUpIssuer, stepUpPrefix }, use) => {
      await use(createStepUpFixture(page, devOutbox(request, stepUpIssuer), stepUpPrefix, drivers));
    },
  });
}

function createStepUpFixture(
  page: Page,
  outbox: DevOutbox,
  prefix: string,
  drivers: Record<string, FactorDriver>,
): StepUpFixture {
  let authenticator: Promise<VirtualAuthenticator> | undefined;
  return {
    passkeys: () => (authenticator ??= addVirtualAuthenticator(page)),
    signIn: (user, options = {}) => signIn(page, user, { ...options, prefix }),
    onHostedPages: (options) =>
      stepUpOnHostedPages(page, { ...options, prefix }, { drivers, outbox }),
    totp: totpCode,
    outbox,
  };
}

/** `test` with the `stepUp` fixture and the built-in factor drivers. */
export const test = createStepUpTest();
