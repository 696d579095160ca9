import { describe, expect, it } from "@jest/globals";
import {
  e164PhoneNumber,
  emailAddress,
  generateBindingCode,
  hashBindingCode,
  maskEmail,
  maskPhoneNumber,
} from "./code-and-destination.js";

describe("email and SMS codes", () => {
  it("generates 6-digit codes, leading zeros included, not all the same", () => {
    const codes = Array.from({ length: 200 }, generateBindingCode);
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(190);
  });

  it("hashes a code together with its oob_code", () => {
    expect(hashBindingCode("handle-a", "123456")).toMatch(/^[0-9a-f]{64}$/);
    expect(hashBindingCode("handle-a", "123456")).not.toBe(hashBindingCode("handle-b", "123456"));
    expect(hashBindingCode("handle-a", "123456")).not.toBe(hashBindingCode("handle-a", "123457"));
  });

  it.each([
    ["+15555555678", "+1 ***-***-5678"],
    ["+447700900123", "+44 ***-***-0123"],
    ["+33612345678", "+33 ***-**-5678"],
    ["+353861234567", "+353 ***-**-4567"],
    ["+79161234567", "+7 ***-***-4567"],
  ])("masks %s as %s", (phone, masked) => {
    expect(maskPhoneNumber(phone)).toBe(masked);
  });

  it("masks an email address to its first letter and domain", () => {
    expect(maskEmail("jane.doe@example.com")).toBe("j***@example.com");
  });

  it.each([
    ["+15555555678", true],
    ["+4930123456", true],
    ["15555555678", false],
    ["+0555555678", false],
    ["+1 555 555 5678", false],
    ["+1234567", false],
    ["+1234567890123456", false],
  ])("E.164 check of %s is %s", (phone, ok) => {
    expect(e164PhoneNumber.safeParse(phone).success).toBe(ok);
  });

  it.each([
    ["a@example.com", true],
    ["not-an-email", false],
    ["a@b", false],
    [`${"a".repeat(250)}@example.com`, false],
  ])("email check of %s is %s", (email, ok) => {
    expect(emailAddress.safeParse(email).success).toBe(ok);
  });
});
