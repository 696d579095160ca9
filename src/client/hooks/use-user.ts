"use client";

import useSWR, { type KeyedMutator, type SWRConfiguration } from "swr";
import type { StepUpError } from "../../errors/index.js";
import { shouldRetry } from "./should-retry.js";
import type { User } from "../../types/index.js";
import type { ClientConfig } from "../client-config.js";
import { fetchUser, userKey } from "./user-fetcher.js";

/** Options of `useUser`: where the routes are, and SWR settings. */
export interface UseUserOptions extends ClientConfig {
  swr?: SWRConfiguration<User | null, StepUpError>;
}

export interface UseUserResult {
  /** undefined while loading, null when signed out. */
  user: User | null | undefined;
  error: StepUpError | undefined;
  isLoading: boolean;
  /** Re-fetches (e.g. after a popup sign-in) or sets the cached user. */
  mutate: KeyedMutator<User | null>;
}

/**
 * The signed-in user from `GET /auth/profile`, shared by every component
 * through SWR's cache. Signed out is `user: null`, not an error.
 * @example
 * const { user, isLoading } = useUser();
 * if (!isLoading && !user) return <a href="/auth/login">Sign in</a>;
 */
export function useUser(options: UseUserOptions = {}): UseUserResult {
  const { data, error, isLoading, mutate } = useSWR<User | null, StepUpError>(
    userKey(options),
    ([, url]: readonly [string, string]) => fetchUser(url, options),
    { shouldRetryOnError: shouldRetry, ...options.swr },
  );
  return { user: data, error, isLoading, mutate };
}
