import { describe, expect, it } from "@jest/globals";
import { z } from "zod";
import { StepUpError } from "../../errors/index.js";
import { readParams } from "./body.js";
import { optionalParam, param, parseWith } from "./validate.js";

const schema = z.object({ mfa_token: param, otp: param, audience: optionalParam });

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error instanceof StepUpError ? [error.code, error.message] : error;
  }
  return undefined;
}

describe("parseWith", () => {
  it.each([
    [{ otp: "1" }, "Missing parameter: mfa_token"],
    [{ mfa_token: "t", otp: ["1", "2"] }, "Invalid parameter: otp"],
    [{ mfa_token: "", otp: "1" }, "Invalid parameter: mfa_token"],
  ])("answers invalid_request naming the field for %p", (input, description) => {
    expect(codeOf(() => parseWith(schema, input))).toEqual(["invalid_request", description]);
  });

  it("returns the typed value, an empty optional being omitted", () => {
    expect(parseWith(schema, { mfa_token: "t", otp: "1", audience: "" })).toEqual({
      mfa_token: "t",
      otp: "1",
    });
  });
});

describe("readParams", () => {
  const post = (body: string, type: string, headers: Record<string, string> = {}) =>
    new Request("http://x.test/", {
      method: "POST",
      body,
      headers: { "content-type": type, ...headers },
    });

  it("reads JSON objects and forms", async () => {
    await expect(readParams(post('{"a":["b"]}', "application/json"), 1024)).resolves.toEqual({
      a: ["b"],
    });
    await expect(
      readParams(post("a=1&b=2&b=3", "application/x-www-form-urlencoded"), 1024),
    ).resolves.toEqual({
      a: "1",
      b: ["2", "3"],
    });
  });

  it.each([
    ["bad JSON", post("{", "application/json"), 400],
    ["a JSON array", post("[1]", "application/json"), 400],
    ["an unsupported type", post("x", "text/plain"), 400],
    [
      "a body over the cap",
      post("a=" + "x".repeat(2000), "application/x-www-form-urlencoded"),
      413,
    ],
  ])("refuses %s", async (_name, request, status) => {
    const error = await readParams(request, 1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepUpError);
    expect((error as StepUpError).code).toBe("invalid_request");
    expect((error as StepUpError).status).toBe(status);
  });
});
