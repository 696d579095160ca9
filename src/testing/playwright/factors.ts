import { expect, type Page } from "@playwright/test";
import type { DevOutbox } from "./outbox.js";
import { totpCode, type TotpCode } from "./totp.js";

/** What a hosted step-up asks for (see `HostedStepUpOptions`). */
export interface FactorRequest {
  /** The factor's name, as in `mfa_requirements`: `otp`, `email`, `sms`, … */
  factor: string;
  /** The TOTP secret (`otp`): from an earlier enrollment. */
  secret?: string;
  /** After this TOTP step (`otp`): wait for the next one (replay protection). */
  after?: number;
  /** Where email/SMS codes go, to read them from the outbox. */
  destination?: string;
}

/** What a factor driver gets to work with. */
export interface FactorStep {
  page: Page;
  request: FactorRequest;
  outbox: DevOutbox;
  /** Messages to `destination` before the step began: a new code is one past these. */
  sentBefore: number;
  totp(secret: string, options?: { after?: number }): Promise<TotpCode>;
}

/** What an enrollment on the hosted page leaves to the test. */
export interface HostedEnrollment {
  /** The TOTP secret, for the next step-ups. */
  secret?: string;
  /** The TOTP step the confirming code was made in (pass as `after` next time). */
  step?: number;
  recoveryCodes?: string[];
}

/**
 * How the fixture answers one factor on the issuer's hosted MFA pages. One
 * driver per factor (otp, email, sms and webauthn are built in); a new factor
 * plugs in with `createStepUpTest({ factors: { "my-factor": driver } })`.
 */
export interface FactorDriver {
  /** How the hosted picker labels it ("Authenticator app", "Email (j***@example.com)"). */
  label: RegExp;
  /** The heading of its hosted challenge page. */
  heading: RegExp;
  /** Answers its hosted challenge page. */
  answer(step: FactorStep): Promise<HostedEnrollment | void>;
  /** Enrolls it on the hosted enrollment page, where the issuer offers that. */
  enroll?(step: FactorStep): Promise<HostedEnrollment>;
}

/** Types `code` into the hosted page's code field and submits it. */
async function submitCode(page: Page, code: string, button: string): Promise<void> {
  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: button, exact: true }).click();
}

/** Email and SMS: the page sent a code as it opened; read it from the outbox. */
function outOfBand(label: RegExp, heading: RegExp): FactorDriver {
  return {
    label,
    heading,
    async answer({ page, request, outbox, sentBefore }) {
      if (!request.destination) {
        throw new TypeError(`next-stepup: a ${request.factor} step-up needs a "destination"`);
      }
      const { code } = await outbox.waitForCode(request.destination, { after: sentBefore });
      await submitCode(page, code, "Verify");
    },
  };
}

/**
 * A passkey on the hosted page: the page's button runs navigator.credentials.get,
 * which the page's virtual authenticator answers (add one first with
 * `stepUp.passkeys()`, or `addVirtualAuthenticator(page)`, holding the user's passkey).
 */
const passkeyDriver: FactorDriver = {
  label: /^Passkey|passkey/,
  heading: /^Use your passkey$/,
  async answer({ page }) {
    await page.getByRole("button", { name: "Use passkey" }).click();
  },
};

/** The factors the issuer's hosted pages offer today. */
export const HOSTED_FACTOR_DRIVERS: Record<string, FactorDriver> = {
  otp: {
    label: /^Authenticator app/,
    heading: /^Enter your authenticator code$/,
    async answer({ page, request, totp }) {
      if (!request.secret) throw new TypeError('next-stepup: an otp step-up needs the "secret"');
      const { code, step } = await totp(request.secret, request);
      await submitCode(page, code, "Verify");
      return { secret: request.secret, step };
    },
    async enroll({ page, totp }) {
      const secret = ((await page.locator("code.secret").textContent()) ?? "").replace(/\s+/g, "");
      const { code, step } = await totp(secret);
      await submitCode(page, code, "Verify and continue");
      await expect(page.getByRole("heading", { name: "Save your recovery codes" })).toBeVisible();
      const codes = page.getByRole("list", { name: "Save your recovery codes" });
      const recoveryCodes = (await codes.getByRole("listitem").allTextContents()).map((c) =>
        c.trim(),
      );
      await page.getByRole("button", { name: "I have saved them, continue" }).click();
      return { secret, step, recoveryCodes };
    },
  },
  email: outOfBand(/^Email/, /^Enter the code we emailed you$/),
  sms: outOfBand(/^Text message/, /^Enter the code we texted you$/),
  webauthn: passkeyDriver,
};

export { totpCode };
