import { StepUpError } from "../../errors/index.js";
import { requestJson } from "../../shared/request-json.js";
import type { User } from "../../types/index.js";

/** Where the hooks find the SDK's routes and how they reach them (as for `createMfaClient`). */
export interface RoutesOptions {
  /** Origin of the app; omitted = relative URLs (the page's own origin). */
  baseUrl?: string;
  /** Where the SDK's routes are mounted. Default `/auth`. */
  prefix?: string;
  /** Injected transport; default the global `fetch`, looked up at call time. */
  fetch?: typeof fetch;
}

/** The SWR key of `useUser`: namespaced so it never collides with the app's own keys. */
export function userKey(options: RoutesOptions = {}): readonly ["next-stepup/user", string] {
  const base = (options.baseUrl ?? "").replace(/\/+$/, "");
  return ["next-stepup/user", `${base}${options.prefix ?? "/auth"}/profile`];
}

/**
 * `GET /auth/profile`: the signed-in user, or null when signed out (a 401
 * is an answer, not a failure).
 * @throws StepUpError for anything else (`network_error`, `server_error`, …)
 */
export async function fetchUser(url: string, options: RoutesOptions = {}): Promise<User | null> {
  try {
    return await requestJson<User>(
      url,
      { method: "GET", credentials: "same-origin", headers: { accept: "application/json" } },
      { fetch: options.fetch ?? ((input, init) => fetch(input, init)) },
    );
  } catch (error) {
    if (error instanceof StepUpError && error.code === "unauthorized") return null;
    throw error;
  }
}
