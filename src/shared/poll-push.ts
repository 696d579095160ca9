import { StepUpError } from "../errors/step-up-error.js";

/** How `verifyPush` (server and browser) polls. */
export interface PollPushOptions {
  /**
   * Milliseconds between two polls; default 5000: Auth0 allows 12 mfa-oob
   * exchanges a minute per session
   * (https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy/rate-limit-configurations).
   */
  interval?: number;
  /**
   * Milliseconds after which an unanswered push fails with `expired_token`;
   * default 300000, the life of Auth0's mfa_token.
   */
  timeout?: number;
  /** Stops polling: the promise rejects with the signal's reason (an `AbortError`). */
  signal?: AbortSignal;
  /**
   * Waits `ms` (rejecting with the signal's reason when it aborts); default a
   * timer. Tests pass one that resolves at once, so no test waits for real.
   */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** RFC 8628 §3.5: after `slow_down`, the interval grows by 5 seconds for every later poll. */
const SLOW_DOWN_STEP = 5000;

function waitFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * Calls `attempt` (one mfa-oob grant for a push) every `interval` ms until it
 * answers: `authorization_pending` means "not yet", `slow_down` lengthens the
 * interval, anything else (success, `access_denied` when the user denied it,
 * `expired_token`, …) ends the polling. The first poll comes after one
 * interval (the user cannot have answered yet). Past `timeout` it fails with
 * `expired_token` (`now` is the caller's clock, ms); an aborted `signal`
 * rejects with its reason at once.
 * @throws StepUpError `expired_token` (timed out), the attempt's own errors, the signal's reason
 */
export async function pollPush<T>(
  attempt: () => Promise<T>,
  options: PollPushOptions = {},
  now: () => number = Date.now,
): Promise<T> {
  const wait = options.wait ?? waitFor;
  let interval = positive(options.interval, 5000, "interval");
  const deadline = now() + positive(options.timeout, 300_000, "timeout");
  const { signal } = options;
  for (;;) {
    signal?.throwIfAborted();
    if (now() + interval > deadline) {
      throw new StepUpError("expired_token", "The push was not answered in time", {
        operation: "verify",
      });
    }
    await wait(interval, signal);
    signal?.throwIfAborted();
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof StepUpError)) throw error;
      if (error.code === "slow_down") interval += SLOW_DOWN_STEP;
      else if (error.code !== "authorization_pending") throw error;
    }
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(Number.isFinite(value) && value > 0)) {
    throw new TypeError(`next-stepup: verifyPush "${name}" must be a positive number of ms`);
  }
  return value;
}
