import { requestJson } from "../../shared/request-json.js";
import { authenticatorFromWire, type WireAuthenticator } from "../../shared/wire.js";
import type { Authenticator, WithMfaToken } from "../../types/index.js";
import type { CookieJar } from "../cookies/cookie-jar.js";
import { issuerUrl, type Core } from "../core.js";
import { openContext } from "./open-context.js";

/** `GET /mfa/authenticators` with the context's raw mfa_token as bearer. */
export async function getAuthenticators(
  core: Core,
  jar: CookieJar,
  options: WithMfaToken,
): Promise<Authenticator[]> {
  const { context } = await openContext(core, jar, options?.mfaToken, "getAuthenticators");
  const list = await requestJson<WireAuthenticator[]>(
    issuerUrl(core, "/mfa/authenticators"),
    {
      method: "GET",
      headers: { authorization: `Bearer ${context.mfa_token}`, accept: "application/json" },
    },
    { fetch: core.config.fetch, operation: "getAuthenticators" },
  );
  // Every entry is kept: `type` is derived from authenticator_type (+ oob_channel),
  // never used as a filter, so an entry missing an optional field is not lost.
  return (Array.isArray(list) ? list : []).map(authenticatorFromWire);
}
