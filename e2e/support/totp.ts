import { generate } from "otplib";

/** RFC 6238 time step, the issuer's default. */
const STEP_SECONDS = 30;

const stepAt = (seconds: number) => Math.floor(seconds / STEP_SECONDS);

/**
 * A TOTP code for `secret` that the issuer accepts now, and its time step.
 * The issuer refuses a step it already accepted for the authenticator (or an
 * earlier one: replay protection), so a spec that needs a second code passes
 * the step of the first as `after`. Then the code is for the step after it,
 * which the issuer's ±1-step drift window (RFC 6238 §5.2) accepts at once:
 * no spec waits out a 30 s step, and the code is still one the issuer has
 * never seen.
 */
export async function totpCode(
  secret: string,
  options: { after?: number } = {},
): Promise<{ code: string; step: number }> {
  const current = stepAt(Date.now() / 1000);
  const step = options.after !== undefined ? Math.max(current, options.after + 1) : current;
  if (step > current + 1) {
    // A third code within one step would be outside the window; such a spec should use another user.
    throw new RangeError(
      `TOTP step ${step} is not yet inside the issuer's window (now ${current})`,
    );
  }
  return { code: await generate({ secret, epoch: step * STEP_SECONDS }), step };
}

/** A 6-digit code that is not valid for `secret` in the current step or either neighbour. */
export async function wrongTotpCode(secret: string): Promise<string> {
  const epoch = Math.floor(Date.now() / 1000);
  const valid = new Set(
    await Promise.all(
      [-1, 0, 1, 2].map((offset) => generate({ secret, epoch: epoch + offset * STEP_SECONDS })),
    ),
  );
  for (let n = 0; ; n += 1) {
    const candidate = String(n).padStart(6, "0");
    if (!valid.has(candidate)) return candidate;
  }
}
