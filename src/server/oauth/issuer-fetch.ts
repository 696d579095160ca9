import { transportError } from "../../errors/transport-error.js";

/**
 * The fetch every call from the SDK to the authorization server goes
 * through (oauth4webapi's grants, discovery, revocation, and the MFA API):
 * the injected fetch, or the global one, with a deadline of `timeoutMs`
 * that also covers reading the body, and every transport failure turned into
 * a coded error by `transportError` (`timeout`, `network_error`), the
 * original kept as `cause`. A caller's own signal still aborts it earlier.
 */
export function createIssuerFetch(base: typeof fetch | undefined, timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    try {
      // Raced as well: an injected fetch that ignores the signal must not hang the request.
      return await untilAborted((base ?? fetch)(input, { ...init, signal }), signal);
    } catch (cause) {
      throw transportError(cause);
    }
  };
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
