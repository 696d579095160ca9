import { describe, expect, it } from "@jest/globals";
import { generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from "./codes.js";

describe("recovery codes", () => {
  it("generates 10 distinct codes in groups from an unambiguous alphabet", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[ACDEFGHJKMNPQRTUVWXY3467]{6}(-[ACDEFGHJKMNPQRTUVWXY3467]{6}){2}$/);
      expect(code).not.toMatch(/[01OILSZB258]/);
    }
  });

  it.each([
    "acde3f-ghjk4m-npqr67",
    "ACDE3F GHJK4M NPQR67",
    " acde3fghjk4mnpqr67 ",
    "ACDE3F--GHJK4M-NPQR67",
  ])("normalises %p to the same hash", (input) => {
    expect(normalizeRecoveryCode(input)).toBe("ACDE3FGHJK4MNPQR67");
    expect(hashRecoveryCode(input)).toBe(hashRecoveryCode("ACDE3F-GHJK4M-NPQR67"));
  });

  it("stores a hash, not the code", () => {
    expect(hashRecoveryCode("ACDE3F-GHJK4M-NPQR67")).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode("ACDE3F-GHJK4M-NPQR67")).not.toBe(
      hashRecoveryCode("ACDE3F-GHJK4M-NPQR66"),
    );
  });
});
