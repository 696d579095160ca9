import { describe, expect, it } from "@jest/globals";
import { MfaRequiredError } from "./mfa-required-error.js";
import { StepUpError } from "./step-up-error.js";
import { transportError } from "./transport-error.js";

describe("transportError", () => {
  it.each([
    ["a timeout", new DOMException("late", "TimeoutError"), "timeout", 504],
    ["an abort", new DOMException("stop", "AbortError"), "network_error", 502],
    ["a failed fetch", new TypeError("fetch failed"), "network_error", 502],
    ["anything else", new Error("boom"), "network_error", 502],
  ])("codes %s", (_name, cause, code, status) => {
    const error = transportError(cause, "verify");
    expect(error).toMatchObject({ code, status, operation: "verify" });
    expect(error.cause).toBe(cause);
    expect(error.toJSON()).toMatchObject({ error: code });
  });

  it("gives an earlier transport error the operation it lacked, and leaves others alone", () => {
    const early = new StepUpError("timeout", undefined, { cause: "x" });
    expect(transportError(early, "enroll")).toMatchObject({ code: "timeout", operation: "enroll" });
    const coded = new MfaRequiredError("t", {});
    expect(transportError(coded, "enroll")).toBe(coded);
  });
});
