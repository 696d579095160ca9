import type { MfaOperation } from "../../errors/index.js";
import { requestJson } from "../../shared/request-json.js";
import { issuerUrl, type Core } from "../core.js";
import { issuerErrorFromBody } from "../oauth/issuer-error.js";

/**
 * A JSON call to the authorization server's MFA API (`path` on the issuer):
 * its fetch (deadline, coded transport errors), and its error answers read in
 * Auth0's vocabulary as well as ours (issuer-error.ts).
 * @throws StepUpError the issuer's code, `network_error`, `timeout`, `invalid_response`
 */
export function issuerRequest<T>(
  core: Core,
  path: string,
  init: RequestInit,
  operation: MfaOperation,
): Promise<T> {
  return requestJson<T>(issuerUrl(core, path), init, {
    fetch: core.oauth.fetch,
    operation,
    toError: (body, response) =>
      issuerErrorFromBody(body, {
        status: response.status,
        headers: response.headers,
        operation,
        now: core.config.clock(),
      }),
  });
}
