import { StepUpError } from "../../errors/index.js";
import { requestJson } from "../../shared/request-json.js";
import type { User } from "../../types/index.js";
import { routesBase, transportOf, type ClientConfig } from "../client-config.js";

/** The SWR key of `useUser`: namespaced so it never collides with the app's own keys. */
export function userKey(options: ClientConfig = {}): readonly ["next-stepup/user", string] {
  return ["next-stepup/user", `${routesBase(options)}/profile`];
}

/**
 * `GET /auth/profile`: the signed-in user, or null when signed out (a 401
 * is an answer, not a failure).
 * @throws StepUpError for anything else (`network_error`, `server_error`, …)
 */
export async function fetchUser(url: string, options: ClientConfig = {}): Promise<User | null> {
  try {
    return await requestJson<User>(
      url,
      { method: "GET", credentials: "same-origin", headers: { accept: "application/json" } },
      { fetch: transportOf(options) },
    );
  } catch (error) {
    if (error instanceof StepUpError && error.code === "unauthorized") return null;
    throw error;
  }
}
