import { describe, expect, it } from "@jest/globals";
import { generateTotpCode, generateTotpSecret, totpBarcodeUri, verifyTotpCode } from "./totp.js";

const T0 = 1_700_000_010_000; // 10 s into a 30 s step
const step = (ms: number) => Math.floor(ms / 30_000);

describe("TOTP", () => {
  it("makes a base32 secret of at least 160 bits", () => {
    expect(generateTotpSecret()).toMatch(/^[A-Z2-7]{32,}$/);
  });

  it.each([
    ["the current step", 0, true],
    ["the previous step", -30, true],
    ["the next step", 30, true],
    ["two steps ago", -60, false],
    ["two steps ahead", 60, false],
  ])("accepts a code from %s: %s", async (_name, offsetSeconds, valid) => {
    const secret = generateTotpSecret();
    const code = await generateTotpCode(secret, T0 + offsetSeconds * 1000);
    const matched = await verifyTotpCode(secret, code, T0);
    if (valid) expect(matched).toBe(step(T0 + offsetSeconds * 1000));
    else expect(matched).toBeUndefined();
  });

  it.each(["", "12345", "1234567", "abcdef"])("refuses malformed code %p", async (code) => {
    await expect(verifyTotpCode(generateTotpSecret(), code, T0)).resolves.toBeUndefined();
  });

  it("builds the otpauth URI authenticator apps expect", () => {
    const uri = totpBarcodeUri({ issuer: "Acme Co", account: "a@b.c", secret: "JBSWY3DPEHPK3PXP" });
    expect(uri).toBe(
      "otpauth://totp/Acme%20Co:a%40b.c?secret=JBSWY3DPEHPK3PXP&issuer=Acme+Co&algorithm=SHA1&digits=6&period=30",
    );
  });
});
