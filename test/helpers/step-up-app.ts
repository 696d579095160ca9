/**
 * Our flow tests' app: next-stepup/testing's `startStepUpApp` (the harness we
 * ship to users), plus a few assertions of our own.
 */
import { MfaRequiredError } from "../../src/server/index.js";
import {
  startStepUpApp as startHarness,
  TEST_DEFAULTS,
  type StepUpApp,
  type StepUpAppOptions,
  type TestBrowser,
} from "../../src/testing/index.js";

export type { StepUpApp, StepUpAppOptions };
export type Browser = TestBrowser;

export const APP = "http://app.test";
export const PAYMENTS = TEST_DEFAULTS.audience;
export const MFA_CONTEXT_TTL = 300;

/** The harness with our flow tests' MFA context lifetime. */
export function startStepUpApp(options: StepUpAppOptions = {}): Promise<StepUpApp> {
  return startHarness({ ...options, auth: { mfaContextTtl: MFA_CONTEXT_TTL, ...options.auth } });
}

/** The browser-side MFA API of this browser (next-stepup/client over the app's routes). */
export function mfaClientFor(browser: Browser) {
  return browser.mfa;
}

/** The JWT payload, unverified: the test only reads claims the issuer put there. */
export function claimsOf(jwt: string): Record<string, unknown> {
  const payload = jwt.split(".")[1] ?? "";
  return JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
}

/** getAccessToken for the payments API, which must fail with mfa_required; returns the error. */
export async function requireStepUp(app: StepUpApp, browser: Browser): Promise<MfaRequiredError> {
  const error = await app.auth
    .getAccessToken({ audience: PAYMENTS }, browser.context)
    .catch((e: unknown) => e);
  if (!(error instanceof MfaRequiredError)) {
    throw new Error(`expected mfa_required, got ${String(error)}`, { cause: error });
  }
  return error;
}
