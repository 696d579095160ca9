import { describe, expect, it } from "@jest/globals";
import { generateTotpSecret, verifyTotpCode } from "../../issuer/factors/otp/totp.js";
import { totpCode } from "./totp.js";

const STEP_MS = 30_000;

describe("totpCode", () => {
  it("gives the current step's code, which the issuer accepts", async () => {
    const secret = generateTotpSecret();
    const now = 1_700_000_010_000;
    const { code, step } = await totpCode(secret, { now });
    expect(step).toBe(Math.floor(now / STEP_MS));
    await expect(verifyTotpCode(secret, code, now)).resolves.toBe(step);
  });

  it("after a used step, gives the next step's code at once, inside the issuer's window", async () => {
    const secret = generateTotpSecret();
    const now = 1_700_000_010_000;
    const first = await totpCode(secret, { now });
    // Still within the same 30 s step: no waiting, a step the issuer has not seen.
    const second = await totpCode(secret, { after: first.step, now: now + 1_000 });
    expect(second.step).toBe(first.step + 1);
    expect(second.code).not.toBe(first.code);
    await expect(verifyTotpCode(secret, second.code, now + 1_000)).resolves.toBe(second.step);
    // Once the real step has moved on, the current one is used.
    const later = await totpCode(secret, { after: first.step, now: now + 5 * STEP_MS });
    expect(later.step).toBe(first.step + 5);
  });

  it("refuses a third code within one step: beyond the window", async () => {
    const secret = generateTotpSecret();
    const now = 1_700_000_010_000;
    const step = Math.floor(now / STEP_MS);
    await expect(totpCode(secret, { after: step + 1, now })).rejects.toBeInstanceOf(RangeError);
  });
});
