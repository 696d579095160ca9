import { describe, expect, it } from "@jest/globals";
import { safeReturnTo } from "./return-to.js";

const app = new URL("https://app.example.com");

describe("safeReturnTo", () => {
  it.each([
    ["/dashboard?x=1#h", "/dashboard?x=1#h"],
    [undefined, "/"],
    ["", "/"],
    ["dashboard", "/"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
  ])("%s → %s", (input, expected) => {
    expect(safeReturnTo(input, app)).toBe(expected);
  });
});
