"use client";

import { useMemo } from "react";
import useSWR, { type KeyedMutator, type SWRConfiguration } from "swr";
import type { StepUpError } from "../../errors/index.js";
import type { Authenticator } from "../../types/index.js";
import type { ClientConfig } from "../client-config.js";
import { createMfaClient } from "../mfa-client.js";
import type { UseStepUp } from "../use-step-up.js";
import {
  authenticatorsKey,
  fetchAuthenticators,
  type AuthenticatorsKey,
} from "./authenticators-fetcher.js";
import { shouldRetry } from "./should-retry.js";

/** Options of `useAuthenticators`: what to list, where the routes are, and SWR settings. */
export interface UseAuthenticatorsOptions extends ClientConfig {
  /**
   * List a step-up's factors with its sealed context (`MfaRequiredError.mfaToken`).
   * Given but null or empty: nothing is fetched yet. Not given at all: the
   * session's own factors (a security-settings page).
   */
  mfaToken?: string | null;
  /**
   * For the session's own list: runs the listing through this `useStepUp()`,
   * so that when the issuer wants a fresh MFA first, the step-up is shown and
   * the list fetched again once it succeeds. Without it, `error` is then the
   * `MfaRequiredError`.
   */
  stepUp?: Pick<UseStepUp, "run">;
  swr?: SWRConfiguration<Authenticator[], StepUpError>;
}

export interface UseAuthenticatorsResult {
  /** undefined while loading, or before a step-up's context is known. */
  authenticators: Authenticator[] | undefined;
  /** The listing's error, e.g. `MfaRequiredError` when a step-up was declined. */
  error: StepUpError | undefined;
  isLoading: boolean;
  /** Sets the cached list, or re-fetches when called without arguments. */
  mutate: KeyedMutator<Authenticator[]>;
  /** Lists again (after an enrollment, a removal, or a declined step-up). */
  refresh(): Promise<Authenticator[] | undefined>;
}

/**
 * The user's authenticators, through the MFA API: the session's own
 * (`useAuthenticators()`, e.g. on a security-settings page, no context
 * needed), or a step-up's (`useAuthenticators({ mfaToken })`). Focus
 * revalidation is off: a context expires, and the list changes only through
 * this page's own actions (call `refresh`).
 * @example
 * const stepUp = useStepUp();
 * const { authenticators, refresh } = useAuthenticators({ stepUp });
 * await stepUp.run(() => mfa.deleteAuthenticator(id));
 * await refresh();
 */
export function useAuthenticators(options: UseAuthenticatorsOptions = {}): UseAuthenticatorsResult {
  const { baseUrl, prefix, fetch, stepUp } = options;
  const api = useMemo(
    () =>
      createMfaClient({
        ...(baseUrl ? { baseUrl } : {}),
        ...(prefix ? { prefix } : {}),
        ...(fetch ? { fetch } : {}),
      }),
    [baseUrl, prefix, fetch],
  );
  const source =
    "mfaToken" in options
      ? ({ kind: "step-up", mfaToken: options.mfaToken } as const)
      : ({ kind: "session" } as const);
  const { data, error, isLoading, mutate } = useSWR<Authenticator[], StepUpError>(
    authenticatorsKey(source, options),
    (key: AuthenticatorsKey) =>
      stepUp ? stepUp.run(() => fetchAuthenticators(api, key)) : fetchAuthenticators(api, key),
    { revalidateOnFocus: false, shouldRetryOnError: shouldRetry, ...options.swr },
  );
  return { authenticators: data, error, isLoading, mutate, refresh: () => mutate() };
}
