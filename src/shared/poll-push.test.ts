import { describe, expect, it } from "@jest/globals";
import { StepUpError } from "../errors/index.js";
import { pollPush } from "./poll-push.js";

/** A clock that moves only when the poller waits: no test waits for real. */
function fakeTime() {
  let now = 1_000_000;
  const waits: number[] = [];
  return {
    now: () => now,
    waits,
    wait: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      waits.push(ms);
      now += ms;
    },
  };
}

const pending = () => new StepUpError("authorization_pending");

describe("pollPush", () => {
  it("polls after each interval until the attempt succeeds", async () => {
    const time = fakeTime();
    const answers: Array<() => unknown> = [
      () => {
        throw pending();
      },
      () => {
        throw pending();
      },
      () => "approved",
    ];
    const result = await pollPush(
      async () => answers.shift()!(),
      { interval: 2000, wait: time.wait },
      time.now,
    );
    expect(result).toBe("approved");
    expect(time.waits).toEqual([2000, 2000, 2000]);
  });

  it("adds 5 s to the interval after each slow_down (RFC 8628 §3.5)", async () => {
    const time = fakeTime();
    const answers = ["slow_down", "authorization_pending", "slow_down", "ok"];
    await pollPush(
      async () => {
        const next = answers.shift()!;
        if (next !== "ok") throw new StepUpError(next as "slow_down");
        return next;
      },
      { interval: 1000, wait: time.wait },
      time.now,
    );
    expect(time.waits).toEqual([1000, 6000, 6000, 11000]);
  });

  it.each(["access_denied", "expired_token", "invalid_grant", "mfa_token_expired"] as const)(
    "stops at %s and throws it",
    async (code) => {
      const time = fakeTime();
      let calls = 0;
      const outcome = pollPush(
        async () => {
          calls += 1;
          throw new StepUpError(code);
        },
        { wait: time.wait },
        time.now,
      );
      await expect(outcome).rejects.toMatchObject({ code });
      expect(calls).toBe(1);
    },
  );

  it("gives up with expired_token once the next poll would pass the deadline", async () => {
    const time = fakeTime();
    let calls = 0;
    const outcome = pollPush(
      async () => {
        calls += 1;
        throw pending();
      },
      { interval: 5000, timeout: 12_000, wait: time.wait },
      time.now,
    );
    await expect(outcome).rejects.toMatchObject({ code: "expired_token", operation: "verify" });
    expect(calls).toBe(2);
  });

  it("stops at once when aborted, with the signal's reason, between or during waits", async () => {
    const time = fakeTime();
    const controller = new AbortController();
    let calls = 0;
    const outcome = pollPush(
      async () => {
        calls += 1;
        controller.abort(new Error("closed"));
        throw pending();
      },
      { signal: controller.signal, wait: time.wait },
      time.now,
    );
    await expect(outcome).rejects.toThrow("closed");
    expect(calls).toBe(1);

    const already = new AbortController();
    already.abort();
    await expect(
      pollPush(async () => "never", { signal: already.signal, wait: time.wait }, time.now),
    ).rejects.toMatchObject({ name: "AbortError" });
  });

  it("aborts a real wait without waiting it out", async () => {
    const controller = new AbortController();
    const outcome = pollPush(async () => "never", {
      interval: 60_000,
      signal: controller.signal,
    });
    controller.abort();
    await expect(outcome).rejects.toMatchObject({ name: "AbortError" });
  });

  it("passes other failures through untouched", async () => {
    const time = fakeTime();
    const failure = new TypeError("boom");
    await expect(
      pollPush(
        async () => {
          throw failure;
        },
        { wait: time.wait },
        time.now,
      ),
    ).rejects.toBe(failure);
  });

  it.each([0, -1, Number.NaN, Infinity])("refuses an interval of %p", async (interval) => {
    await expect(pollPush(async () => "x", { interval })).rejects.toBeInstanceOf(TypeError);
  });
});
