import { transportOf } from "./client-config.js";
import { createStepUpGate, type StepUpGate, type StepUpHandler } from "./step-up-gate.js";
import { stepUpRequestFromResponse } from "./step-up-request.js";

/** Options of `fetchWithStepUp`. */
export interface FetchWithStepUpOptions {
  /** Runs the app's step-up UI (dialog, popup, …); see `StepUpHandler`. */
  onStepUp: StepUpHandler;
  /** Injected transport; default the one of `configureClient`, else the global `fetch` at call time. */
  fetch?: typeof fetch;
}

// One per page, created on first use (no work at import time: see the bundle-size note in index.ts).
let pageGate: StepUpGate | undefined;

/**
 * `fetch`, plus step-up: when the answer is a 403 `mfa_required` or an RFC
 * 9470 401 `insufficient_user_authentication`, runs `onStepUp` (one step-up
 * at a time per page: concurrent calls share it) and, once stepped up, sends
 * the request again, once. Resolves with the last response, like `fetch`;
 * when the user gives up (`false`) that is the original 401/403. The body must
 * be replayable (string, FormData, Blob, URLSearchParams, buffer), not a stream.
 * @throws what `fetch` or a rejecting `onStepUp` throws.
 * @example
 * const response = await fetchWithStepUp("/api/payments", { method: "POST", body },
 *   { onStepUp: (request) => openStepUpDialog(request.mfaToken) });
 */
export function fetchWithStepUp(
  input: RequestInfo | URL,
  init: RequestInit | undefined,
  options: FetchWithStepUpOptions,
): Promise<Response> {
  return fetchThroughGate((pageGate ??= createStepUpGate()), input, init, options);
}

/** `fetchWithStepUp` over a given gate (the hook has its own). */
export async function fetchThroughGate(
  gate: StepUpGate,
  input: RequestInfo | URL,
  init: RequestInit | undefined,
  options: FetchWithStepUpOptions,
): Promise<Response> {
  if (typeof options?.onStepUp !== "function") {
    throw new TypeError('next-stepup: fetchWithStepUp needs an "onStepUp" function');
  }
  const send = transportOf(options);
  // A Request's body can be read once: keep the original for the retry.
  const first = await send(input instanceof Request ? input.clone() : input, init);
  const request = await stepUpRequestFromResponse(first);
  if (!request) return first;
  if (!(await gate.run(request, options.onStepUp))) return first;
  return send(input, init);
}
