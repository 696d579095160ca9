import { describe, expect, it } from "@jest/globals";
import { StepUpError } from "../../errors/index.js";
import { readParams } from "./body.js";
import { knownBody, setRequestBody, textResponse } from "./known-body.js";

const form = { "content-type": "application/x-www-form-urlencoded" };
const bodyless = (headers: Record<string, string>, bytes: string) => {
  const request = new Request("http://x/", { method: "POST", headers });
  setRequestBody(request, Buffer.from(bytes));
  return request;
};

describe("bodies serveIssuer holds beside a Request or Response", () => {
  it("readParams reads a request's recorded bytes, once", async () => {
    const request = bodyless(form, "a=1&b=2");
    expect({ ...(await readParams(request, 64)) }).toEqual({ a: "1", b: "2" });
    // Read once, as a stream is: the second read finds the (empty) Request body.
    expect({ ...(await readParams(request, 64)) }).toEqual({});
  });

  it.each([
    ["bytes over the cap", {}, "a=" + "x".repeat(64)],
    ["a declared Content-Length over the cap", { "content-length": "65" }, ""],
  ])("refuses %s with the coded 413", async (_name, headers, bytes) => {
    const error = await readParams(bodyless({ ...form, ...headers }, bytes), 64).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StepUpError);
    expect([(error as StepUpError).code, (error as StepUpError).status]).toEqual([
      "invalid_request",
      413,
    ]);
  });

  it("keeps a response's text until something reads its body", async () => {
    const response = textResponse('{"ok":true}', { status: 200 });
    expect(knownBody(response)).toBe('{"ok":true}');
    expect(await response.json()).toEqual({ ok: true });
    expect(knownBody(response)).toBeUndefined();
  });
});
