import { generate } from "otplib";

/** RFC 6238 time step, the issuer's default. */
const STEP_SECONDS = 30;

const stepAt = (seconds: number) => Math.floor(seconds / STEP_SECONDS);

/**
 * A current TOTP code for `secret`, and its time step. The issuer rejects a
 * step it already accepted for the same user (replay protection), so a spec
 * that needs a second code passes the step of the first: this waits for the
 * next step to begin, as a person with an authenticator app would.
 */
export async function totpCode(
  secret: string,
  options: { after?: number } = {},
): Promise<{ code: string; step: number }> {
  let now = Date.now() / 1000;
  if (options.after !== undefined && stepAt(now) <= options.after) {
    const waitMs = ((options.after + 1) * STEP_SECONDS - now) * 1000 + 200;
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    now = Date.now() / 1000;
  }
  const epoch = Math.floor(now);
  return { code: await generate({ secret, epoch }), step: stepAt(epoch) };
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
