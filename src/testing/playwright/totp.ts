import { generateTotp } from "../generate-totp.js";

/** RFC 6238 time step, the issuer's default. */
const STEP_SECONDS = 30;

/** A TOTP code and the time step it belongs to. */
export interface TotpCode {
  code: string;
  step: number;
}

/**
 * The current TOTP code for `secret`, as an authenticator app shows it. The
 * issuer refuses a step it already accepted for the user (replay protection),
 * so a test that needs a second code passes the first one's `step` as `after`:
 * this then waits for the next step to begin, as a person would.
 */
export async function totpCode(
  secret: string,
  options: { after?: number } = {},
): Promise<TotpCode> {
  let now = Date.now();
  const stepOf = (ms: number) => Math.floor(ms / 1000 / STEP_SECONDS);
  if (options.after !== undefined && stepOf(now) <= options.after) {
    await new Promise((resolve) =>
      setTimeout(resolve, (options.after! + 1) * STEP_SECONDS * 1000 - now + 200),
    );
    now = Date.now();
  }
  return { code: await generateTotp(secret, now), step: stepOf(now) };
}
