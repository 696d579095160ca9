import { StepUpError } from "../../errors/index.js";
import { requestJson } from "../../shared/request-json.js";
import type { CookieJar } from "../cookies/cookie-jar.js";
import { issuerUrl, type Core } from "../core.js";
import { getMfaApiToken } from "./mfa-api-token.js";

/** Authenticator ids are short `type|id` strings (PROTOCOL.md part A); anything else is refused early. */
const AUTHENTICATOR_ID = /^[A-Za-z0-9_-]{1,32}\|[A-Za-z0-9._~-]{1,200}$/;

/** Is `id` shaped like an authenticator id (`totp|…`, `email|…`)? */
export function isAuthenticatorId(id: unknown): id is string {
  return typeof id === "string" && AUTHENTICATOR_ID.test(id);
}

/**
 * `DELETE {issuer}/mfa/authenticators/{id}` with an MFA API token holding
 * `remove:authenticators`, taken for the session (a step-up when the issuer asks).
 * @throws StepUpError `invalid_request` (malformed id), `unauthorized`, MfaRequiredError,
 *   or the issuer's code (`invalid_token`, `insufficient_scope`, `not_found`, `too_many_attempts`).
 */
export async function deleteAuthenticator(core: Core, jar: CookieJar, id: string): Promise<void> {
  if (!isAuthenticatorId(id)) {
    throw new StepUpError("invalid_request", 'Invalid "id": not an authenticator id', {
      operation: "deleteAuthenticator",
    });
  }
  const token = await getMfaApiToken(core, jar, "remove:authenticators", "deleteAuthenticator");
  await requestJson<void>(
    issuerUrl(core, `/mfa/authenticators/${encodeURIComponent(id)}`),
    { method: "DELETE", headers: { authorization: `Bearer ${token}`, accept: "application/json" } },
    { fetch: core.oauth.fetch, operation: "deleteAuthenticator" },
  );
}
