import { describe, expect, it } from "@jest/globals";
import { StepUpError } from "../../errors/index.js";
import { assertSameOrigin } from "./origin-check.js";

const app = new URL("https://app.example.com");
const post = (headers: Record<string, string>) =>
  new Request("https://app.example.com/auth/mfa/verify", { method: "POST", headers });

function codeOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof StepUpError ? error.code : "other";
  }
}

describe("assertSameOrigin", () => {
  it.each([
    [{ origin: "https://app.example.com" }, undefined],
    [{ "sec-fetch-site": "same-origin" }, undefined],
    [{ origin: "https://evil.example" }, "forbidden_origin"],
    [{ "sec-fetch-site": "cross-site", origin: "https://app.example.com" }, "forbidden_origin"],
    [{}, "forbidden_origin"],
  ])("%j → %s", (headers, expected) => {
    expect(codeOf(() => assertSameOrigin(post(headers), app))).toBe(expected);
  });
});
