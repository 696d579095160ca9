import { describe, expect, it } from "@jest/globals";
import { hashPassword, verifyPassword } from "./password.js";

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse");
    expect(hash.startsWith("scrypt$")).toBe(true);
    await expect(verifyPassword("correct horse", hash)).resolves.toBe(true);
    await expect(verifyPassword("correct horsf", hash)).resolves.toBe(false);
  });

  it("salts per hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("answers false for an unknown user (after doing the same work)", async () => {
    await expect(verifyPassword("anything", undefined)).resolves.toBe(false);
  });

  it("answers false for a malformed stored hash", async () => {
    await expect(verifyPassword("x", "md5$abc")).resolves.toBe(false);
  });
});
