"use client";

import { useMemo } from "react";
import useSWR, { type KeyedMutator, type SWRConfiguration } from "swr";
import type { StepUpError } from "../../errors/index.js";
import { shouldRetry } from "./should-retry.js";
import type { Authenticator } from "../../types/index.js";
import { createMfaClient } from "../mfa-client.js";
import { authenticatorsKey, fetchAuthenticators } from "./authenticators-fetcher.js";
import type { RoutesOptions } from "./user-fetcher.js";

/** Options of `useAuthenticators`: where the routes are, and SWR settings. */
export interface UseAuthenticatorsOptions extends RoutesOptions {
  swr?: SWRConfiguration<Authenticator[], StepUpError>;
}

export interface UseAuthenticatorsResult {
  /** undefined while loading or without an `mfaToken`. */
  authenticators: Authenticator[] | undefined;
  error: StepUpError | undefined;
  isLoading: boolean;
  /** Sets the cached list, or re-fetches when called without arguments. */
  mutate: KeyedMutator<Authenticator[]>;
  /** Lists again (e.g. after an enrollment). */
  refresh(): Promise<Authenticator[] | undefined>;
}

/**
 * The user's authenticators for a step-up, listed through the MFA API with
 * the sealed context from `MfaRequiredError.mfaToken`. Without a token
 * nothing is fetched (so it can be called before the step-up starts).
 * Focus revalidation is off: the context expires, and the list changes only
 * through this page's own enrollments (call `refresh`).
 * @example
 * const { authenticators, refresh } = useAuthenticators(error?.mfaToken);
 */
export function useAuthenticators(
  mfaToken?: string | null,
  options: UseAuthenticatorsOptions = {},
): UseAuthenticatorsResult {
  const { baseUrl, prefix, fetch } = options;
  const api = useMemo(
    () =>
      createMfaClient({
        ...(baseUrl ? { baseUrl } : {}),
        ...(prefix ? { prefix } : {}),
        ...(fetch ? { fetch } : {}),
      }),
    [baseUrl, prefix, fetch],
  );
  const { data, error, isLoading, mutate } = useSWR<Authenticator[], StepUpError>(
    authenticatorsKey(mfaToken, options),
    ([, , token]: readonly [string, string, string]) => fetchAuthenticators(api, token),
    { revalidateOnFocus: false, shouldRetryOnError: shouldRetry, ...options.swr },
  );
  return { authenticators: data, error, isLoading, mutate, refresh: () => mutate() };
}
