import type { Authenticator, MfaApi } from "../../types/index.js";
import type { RoutesOptions } from "./user-fetcher.js";

/**
 * The SWR key of `useAuthenticators`, or null (= do not fetch) without a
 * context. The context is part of the key: a new step-up lists afresh
 * instead of showing the list of the previous one.
 */
export function authenticatorsKey(
  mfaToken: string | null | undefined,
  options: RoutesOptions = {},
): readonly ["next-stepup/authenticators", string, string] | null {
  if (!mfaToken) return null;
  const base = (options.baseUrl ?? "").replace(/\/+$/, "");
  return ["next-stepup/authenticators", `${base}${options.prefix ?? "/auth"}`, mfaToken];
}

/** Lists the user's authenticators for the step-up `mfaToken`, through the MFA API. */
export function fetchAuthenticators(
  api: Pick<MfaApi, "getAuthenticators">,
  mfaToken: string,
): Promise<Authenticator[]> {
  return api.getAuthenticators({ mfaToken });
}
