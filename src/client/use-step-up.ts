"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { StepUpActionResult } from "../types/index.js";
import { fetchThroughGate } from "./fetch-with-step-up.js";
import { runThroughGate } from "./run-with-step-up.js";
import { createStepUpGate, type StepUpHandler } from "./step-up-gate.js";
import type { StepUpRequest } from "./step-up-request.js";

/** Options of `useStepUp`. */
export interface UseStepUpOptions {
  /**
   * Runs the step-up itself (e.g. a popup); see `StepUpHandler`. Omitted: the
   * hook exposes the request as `stepUp` for the component to render a dialog.
   */
  onStepUp?: StepUpHandler;
  /** Injected transport for `fetch`; default the one of `configureClient`, else the global `fetch`. */
  fetch?: typeof fetch;
}

/** A step-up waiting for the component's UI (only when no `onStepUp` is given). */
export interface PendingStepUp {
  request: StepUpRequest;
  /** The user stepped up: the waiting calls are sent again. */
  complete(): void;
  /** The user gave up: the waiting calls resolve with their first answer. */
  cancel(): void;
}

export interface UseStepUp {
  /** `fetchWithStepUp` bound to this component. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /**
   * Calls a `withStepUpAction` server action, stepping up and running it again
   * once when its result is `mfa_required`; gives back the first result when
   * the user gives up.
   */
  run<Args extends unknown[], T>(
    action: (...args: Args) => Promise<StepUpActionResult<T>>,
    ...args: Args
  ): Promise<StepUpActionResult<T>>;
  /**
   * Calls anything that throws `MfaRequiredError` (every `mfa.*` call, or the
   * app's own code), stepping up and calling it again once; throws the
   * original error when the user gives up.
   * @example
   * await stepUp.run(() => mfa.deleteAuthenticator(id));
   */
  run<Args extends unknown[], T>(call: (...args: Args) => Promise<T>, ...args: Args): Promise<T>;
  /** The step-up to render, or null. */
  stepUp: PendingStepUp | null;
}

/**
 * Step-up for route handlers (`fetch`), server actions and any call that
 * throws `MfaRequiredError`, `mfa.*` included (`run`), from a component. One
 * step-up at a time per component: calls that fail together share it, and
 * each is retried once afterwards.
 * @example
 * const { fetch, run, stepUp } = useStepUp();
 * const result = await run(sendPayment, { amount: 25, recipient: "Ada" });
 * const codes = await run(() => mfa.regenerateRecoveryCodes());
 * // render: stepUp && <StepUpDialog mfaToken={…} onComplete={stepUp.complete} onCancel={stepUp.cancel} />
 */
export function useStepUp(options: UseStepUpOptions = {}): UseStepUp {
  const [gate] = useState(createStepUpGate);
  const [stepUp, setStepUp] = useState<PendingStepUp | null>(null);
  const latest = useRef(options);
  latest.current = options;
  // Settles a step-up still open when the component goes away, so no call waits forever.
  const cancelOnUnmount = useRef<(() => void) | undefined>(undefined);
  useEffect(() => () => cancelOnUnmount.current?.(), []);

  const onStepUp = useCallback<StepUpHandler>(
    (request) =>
      latest.current.onStepUp
        ? latest.current.onStepUp(request)
        : new Promise<boolean>((resolve) => {
            const settle = (outcome: boolean) => () => {
              cancelOnUnmount.current = undefined;
              setStepUp(null);
              resolve(outcome);
            };
            cancelOnUnmount.current = settle(false);
            setStepUp({ request, complete: settle(true), cancel: settle(false) });
          }),
    [],
  );

  const boundFetch = useCallback(
    (input: RequestInfo | URL, init?: RequestInit) =>
      fetchThroughGate(gate, input, init, {
        onStepUp,
        ...(latest.current.fetch ? { fetch: latest.current.fetch } : {}),
      }),
    [gate, onStepUp],
  );
  const run = useCallback(
    <Args extends unknown[], T>(call: (...args: Args) => Promise<T>, ...args: Args) =>
      runThroughGate(gate, onStepUp, call, args),
    [gate, onStepUp],
  ) as UseStepUp["run"];
  return useMemo(() => ({ fetch: boundFetch, run, stepUp }), [boundFetch, run, stepUp]);
}
