import { generateTotp } from "../generate-totp.js";

/** RFC 6238 time step, the issuer's default. */
const STEP_SECONDS = 30;

/** A TOTP code and the time step it belongs to. */
export interface TotpCode {
  code: string;
  step: number;
}

/**
 * A TOTP code for `secret` that the issuer accepts now, and its time step.
 * The issuer refuses a step it already accepted for the authenticator (or an
 * earlier one: replay protection), so a test that needs a second code passes
 * the first one's `step` as `after`. The code is then for the step after it,
 * which next-stepup's issuer accepts at once within its ±1-step drift window
 * (RFC 6238 §5.2): no test waits out a 30 s step, and the code is still one
 * the issuer has never seen. `now` (epoch ms) defaults to the real time.
 * @throws RangeError when asked for a third code within one step (beyond the window: use another user)
 */
export async function totpCode(
  secret: string,
  options: { after?: number; now?: number } = {},
): Promise<TotpCode> {
  const now = options.now ?? Date.now();
  const current = Math.floor(now / 1000 / STEP_SECONDS);
  const step = options.after !== undefined ? Math.max(current, options.after + 1) : current;
  if (step > current + 1) {
    throw new RangeError(
      `TOTP step ${step} is not yet inside the issuer's window (now ${current})`,
    );
  }
  return { code: await generateTotp(secret, step * STEP_SECONDS * 1000), step };
}
