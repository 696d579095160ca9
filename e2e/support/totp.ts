import { generate } from "otplib";

/** RFC 6238 time step, the issuer's default. */
const STEP_SECONDS = 30;

/** A code the issuer accepts now (the next step's after `after`): next-stepup/testing/playwright's. */
export { totpCode } from "../../src/testing/playwright/index.js";

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
