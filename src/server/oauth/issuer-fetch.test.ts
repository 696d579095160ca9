import { describe, expect, it } from "@jest/globals";
import { StepUpError } from "../../errors/index.js";
import { createIssuerFetch } from "./issuer-fetch.js";

/** A fetch that never answers; it honours the signal only when told to. */
function hangingFetch(honourSignal: boolean): typeof fetch {
  return ((_input: RequestInfo | URL, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      if (honourSignal) init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
    })) as typeof fetch;
}

const codeOf = (error: unknown) => (error instanceof StepUpError ? error.code : error);

describe("createIssuerFetch", () => {
  it.each([true, false])(
    "turns a call past the deadline into timeout, keeping the cause (fetch honours signal: %s)",
    async (honour) => {
      const doFetch = createIssuerFetch(hangingFetch(honour), 20);
      const error = await doFetch("http://issuer.test/x").catch((e: unknown) => e);
      expect(codeOf(error)).toBe("timeout");
      expect((error as StepUpError).status).toBe(504);
      expect(((error as StepUpError).cause as Error).name).toBe("TimeoutError");
    },
  );

  it("turns a refused connection into network_error with the cause", async () => {
    const refused = new TypeError("fetch failed");
    const doFetch = createIssuerFetch((() => Promise.reject(refused)) as typeof fetch, 1000);
    const error = await doFetch("http://issuer.test/x").catch((e: unknown) => e);
    expect(codeOf(error)).toBe("network_error");
    expect((error as StepUpError).cause).toBe(refused);
  });

  it("passes the answer through and lets the caller's own signal abort first", async () => {
    const ok = createIssuerFetch((async () => new Response("hi")) as typeof fetch, 1000);
    await expect((await ok("http://issuer.test/x")).text()).resolves.toBe("hi");
    const caller = new AbortController();
    const doFetch = createIssuerFetch(hangingFetch(true), 60_000);
    const pending = doFetch("http://issuer.test/x", { signal: caller.signal }).catch(
      (e: unknown) => e,
    );
    caller.abort();
    expect(codeOf(await pending)).toBe("network_error");
  });

  it("hands the injected fetch a signal that carries the deadline", async () => {
    let seen: AbortSignal | undefined;
    const doFetch = createIssuerFetch(
      (async (_input: RequestInfo | URL, init?: RequestInit) => {
        seen = init?.signal ?? undefined;
        return new Response(null, { status: 204 });
      }) as typeof fetch,
      1000,
    );
    await doFetch("http://issuer.test/x");
    expect(seen).toBeInstanceOf(AbortSignal);
    expect(seen?.aborted).toBe(false);
  });
});
