import { describe, expect, it } from "@jest/globals";
import { StepUpError } from "../../errors/index.js";
import { readParams } from "./body.js";

describe("readParams on a body that fails while it streams in", () => {
  it.each([
    ["before any byte", ""],
    ["after part of a form", "grant_type=refresh"],
  ])(
    "answers invalid_request (400), not a 500, when the client goes away %s",
    async (_when, prefix) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          if (prefix) controller.enqueue(new TextEncoder().encode(prefix));
          controller.error(new TypeError("the client went away"));
        },
      });
      const request = new Request("http://issuer.test/oauth/token", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
        duplex: "half",
      } as RequestInit);
      const error = await readParams(request, 1024).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StepUpError);
      expect([(error as StepUpError).code, (error as StepUpError).status]).toEqual([
        "invalid_request",
        400,
      ]);
    },
  );
});
