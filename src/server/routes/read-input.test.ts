import { describe, expect, it } from "@jest/globals";
import { z } from "zod";
import { StepUpError } from "../../errors/index.js";
import { MAX_BODY_BYTES, readBodyText, readJsonBody } from "./read-input.js";

/** A request whose body streams `chunks` chunks of `size` bytes, counting what was pulled. */
function streamingRequest(chunks: number, size: number, headers: Record<string, string> = {}) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= chunks) return controller.close();
      pulled += 1;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
  const request = new Request("http://app.test/auth/mfa/verify", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);
  return { request, pulled: () => pulled };
}

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.catch((e: unknown) => e);
  return error instanceof StepUpError ? { code: error.code, status: error.status } : error;
};

describe("request bodies of the /auth routes", () => {
  it("stops reading an endless body as soon as it passes the cap (413)", async () => {
    const { request, pulled } = streamingRequest(1_000_000, 1024);
    await expect(failure(readBodyText(request, MAX_BODY_BYTES))).resolves.toEqual({
      code: "invalid_request",
      status: 413,
    });
    // About 16 chunks of 1 KB were pulled, not the gigabyte on offer.
    expect(pulled()).toBeLessThan(40);
  });

  it("refuses a declared Content-Length over the cap before reading anything", async () => {
    const { request, pulled } = streamingRequest(1, 10, { "content-length": "99999999" });
    await expect(failure(readBodyText(request, MAX_BODY_BYTES))).resolves.toEqual({
      code: "invalid_request",
      status: 413,
    });
    // A stream fills its queue once on its own; nothing more was asked for.
    expect(pulled()).toBeLessThanOrEqual(1);
  });

  it("reads a body at the cap, and refuses invalid UTF-8 and bad JSON with 400", async () => {
    const atCap = new Request("http://app.test/", { method: "POST", body: "x".repeat(16384) });
    await expect(readBodyText(atCap, MAX_BODY_BYTES)).resolves.toHaveLength(16384);
    const latin1 = new Request("http://app.test/", {
      method: "POST",
      body: new Uint8Array([0x7b, 0xff, 0x7d]),
    });
    await expect(failure(readBodyText(latin1, MAX_BODY_BYTES))).resolves.toEqual({
      code: "invalid_request",
      status: 400,
    });
    const notJson = new Request("http://app.test/", { method: "POST", body: "{" });
    await expect(failure(readJsonBody(notJson, z.object({})))).resolves.toEqual({
      code: "invalid_request",
      status: 400,
    });
  });
});
