import { authenticatorFromIssuer, type IssuerAuthenticator } from "./issuer-authenticator.js";
import { StepUpError } from "../../errors/index.js";
import { requestJson } from "../../shared/request-json.js";
import type { Authenticator } from "../../types/index.js";
import type { CookieJar } from "../cookies/cookie-jar.js";
import { issuerUrl, type Core } from "../core.js";
import { isAuthenticatorId } from "./delete-authenticator.js";
import { getMfaApiToken } from "./mfa-api-token.js";

/**
 * `PATCH {issuer}/mfa/authenticators/{id}` with `{name}` and an MFA API token
 * holding `update:authenticators`, taken for the session (a step-up when the
 * issuer asks). Only passkeys have a name of the user's choosing.
 * @throws StepUpError `invalid_request` (malformed id or name; a factor named by the issuer),
 *   `unauthorized`, MfaRequiredError, or the issuer's code (`not_found`, …).
 */
export async function renameAuthenticator(
  core: Core,
  jar: CookieJar,
  id: string,
  name: string,
): Promise<Authenticator> {
  const operation = "renameAuthenticator";
  if (!isAuthenticatorId(id)) {
    throw new StepUpError("invalid_request", 'Invalid "id": not an authenticator id', {
      operation,
    });
  }
  const label = typeof name === "string" ? name.trim() : "";
  if (label.length < 1 || label.length > 64) {
    throw new StepUpError("invalid_request", 'Invalid "name": 1 to 64 characters', { operation });
  }
  const token = await getMfaApiToken(core, jar, operation, "update:authenticators");
  const answer = await requestJson<IssuerAuthenticator>(
    issuerUrl(core, `/mfa/authenticators/${encodeURIComponent(id)}`),
    {
      method: "PATCH",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        accept: "application/json",
      },
      body: JSON.stringify({ name: label }),
    },
    { fetch: core.oauth.fetch, operation },
  );
  return authenticatorFromIssuer(answer);
}
