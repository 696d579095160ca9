import { codedError } from "../../errors/nextjs-auth0-errors.js";
import { recoveryCodesFromWire, type WireRecoveryCodes } from "../../shared/wire.js";
import type { RecoveryCodes } from "../../types/index.js";
import type { CookieJar } from "../cookies/cookie-jar.js";
import type { Core } from "../core.js";
import { getMfaCapabilities } from "./capabilities.js";
import { issuerRequest } from "./issuer-request.js";
import { getMfaApiToken } from "./mfa-api-token.js";

/**
 * `POST {issuer}/mfa/recovery-codes` with an MFA API token holding `enroll`:
 * the old set is revoked and the new one returned (show it once). Asked only
 * of a server that offers it (getMfaCapabilities): against Auth0 it fails at
 * once, before any step-up that would be for nothing.
 * @throws StepUpError `unsupported_operation`, `unauthorized`, MfaRequiredError,
 *   `invalid_response` (no codes), or the issuer's code.
 */
export async function regenerateRecoveryCodes(core: Core, jar: CookieJar): Promise<RecoveryCodes> {
  if (!(await core.sessions.read(jar))) {
    throw codedError("unauthorized", undefined, { operation: "regenerateRecoveryCodes" });
  }
  if (!(await getMfaCapabilities(core)).regenerateRecoveryCodes) {
    throw codedError(
      "unsupported_operation",
      "This authorization server does not regenerate recovery codes through its MFA API",
      { operation: "regenerateRecoveryCodes" },
    );
  }
  const token = await getMfaApiToken(core, jar, "regenerateRecoveryCodes");
  const answer = await issuerRequest<WireRecoveryCodes>(
    core,
    "/mfa/recovery-codes",
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        accept: "application/json",
      },
      body: "{}",
    },
    "regenerateRecoveryCodes",
  );
  const codes = recoveryCodesFromWire(answer);
  if (codes.recoveryCodes.length === 0) {
    // The old set is already revoked; answering success with nothing to show would lock the user out.
    throw codedError("invalid_response", "The issuer returned no recovery codes", {
      operation: "regenerateRecoveryCodes",
    });
  }
  return codes;
}
