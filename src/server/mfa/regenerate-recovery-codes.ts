import { StepUpError } from "../../errors/index.js";
import { requestJson } from "../../shared/request-json.js";
import { recoveryCodesFromWire, type WireRecoveryCodes } from "../../shared/wire.js";
import type { RecoveryCodes } from "../../types/index.js";
import type { CookieJar } from "../cookies/cookie-jar.js";
import { issuerUrl, type Core } from "../core.js";
import { getMfaApiToken } from "./mfa-api-token.js";

/**
 * `POST {issuer}/mfa/recovery-codes` with an MFA API token holding `enroll`:
 * the old set is revoked and the new one returned (show it once).
 * @throws StepUpError `unauthorized`, MfaRequiredError, `invalid_response` (no codes),
 *   or the issuer's code.
 */
export async function regenerateRecoveryCodes(core: Core, jar: CookieJar): Promise<RecoveryCodes> {
  const token = await getMfaApiToken(core, jar, "enroll", "regenerateRecoveryCodes");
  const answer = await requestJson<WireRecoveryCodes>(
    issuerUrl(core, "/mfa/recovery-codes"),
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        accept: "application/json",
      },
      body: "{}",
    },
    { fetch: core.oauth.fetch, operation: "regenerateRecoveryCodes" },
  );
  const codes = recoveryCodesFromWire(answer);
  if (codes.recoveryCodes.length === 0) {
    // The old set is already revoked; answering success with nothing to show would lock the user out.
    throw new StepUpError("invalid_response", "The issuer returned no recovery codes", {
      operation: "regenerateRecoveryCodes",
    });
  }
  return codes;
}
