import type { Authenticator, MfaApi } from "../../types/index.js";
import { routesBase, type ClientConfig } from "../client-config.js";

/** What `useAuthenticators` lists: the session's own factors, or a step-up's. */
export type AuthenticatorsSource =
  { kind: "session" } | { kind: "step-up"; mfaToken: string | null | undefined };

export type AuthenticatorsKey =
  | readonly ["next-stepup/authenticators", string]
  | readonly ["next-stepup/authenticators", string, string];

/**
 * The SWR key of `useAuthenticators`, or null (= do not fetch) for a step-up
 * without its context yet. A step-up's context is part of its key, so a new
 * step-up lists afresh instead of showing the list of the previous one; the
 * session's own list has a key without one.
 */
export function authenticatorsKey(
  source: AuthenticatorsSource,
  options: ClientConfig = {},
): AuthenticatorsKey | null {
  const base = routesBase(options);
  if (source.kind === "session") return ["next-stepup/authenticators", base];
  if (!source.mfaToken) return null;
  return ["next-stepup/authenticators", base, source.mfaToken];
}

/**
 * Lists the authenticators through the MFA API: with the step-up's context
 * when the key holds one, else the session's own (which may throw
 * MfaRequiredError when the issuer wants a fresh MFA first).
 */
export function fetchAuthenticators(
  api: Pick<MfaApi, "getAuthenticators">,
  key: AuthenticatorsKey,
): Promise<Authenticator[]> {
  const mfaToken = key[2];
  return mfaToken === undefined ? api.getAuthenticators() : api.getAuthenticators({ mfaToken });
}
