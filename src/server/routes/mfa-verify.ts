import { z } from "zod";
import { verifyOptionsFromWire, verifyResultToWire } from "../../shared/wire.js";
import { verify } from "../mfa/verify.js";
import { clearPendingStepUp, readPendingStepUp } from "../step-up-cookie.js";
import { assertSameOrigin } from "./origin-check.js";
import { readJsonBody, readOptionalBearer } from "./read-input.js";
import { json } from "./respond.js";
import type { RouteHandler } from "./route-context.js";

const code = z.string().min(1).max(128);
const bodySchema = z.union([
  z.object({ otp: z.string().regex(/^\d{6,8}$/, "must be 6 to 8 digits") }).strict(),
  // No binding code: a push, approved on the device.
  z.object({ oob_code: code, binding_code: code.optional() }).strict(),
  z.object({ recovery_code: code }).strict(),
  z
    .object({
      oob_code: code,
      // The browser's answer, as JSON text or as the object itself (sent on as text);
      // the issuer checks its content, this only bounds it.
      webauthn_response: z
        .union([z.string(), z.record(z.string(), z.unknown())])
        .transform((value) => (typeof value === "string" ? value : JSON.stringify(value)))
        .pipe(
          z
            .string()
            .min(2)
            .max(12 * 1024),
        ),
    })
    .strict(),
]);

/**
 * `POST /auth/mfa/verify` (bearer + one proof): answers `{success:true,
 * recovery_code?, recovery_codes_remaining?}`; the stepped-up tokens go into
 * the session cookie, never to the browser. Without a bearer it confirms an
 * enrollment made on the session. A push not yet answered is a 400
 * `authorization_pending` (or `slow_down`): poll again (`verifyPush`).
 */
export const mfaVerify: RouteHandler = async (request, { core, cookies }) => {
  assertSameOrigin(request, core.config.appBaseUrl);
  const mfaToken = readOptionalBearer(request);
  const body = await readJsonBody(request, bodySchema);
  const result = await verify(core, cookies, verifyOptionsFromWire(body, mfaToken));
  // The middleware's pending step-up (if this was it) is done: resuming must not find it again.
  if (mfaToken !== undefined && readPendingStepUp(core, cookies)?.mfaToken === mfaToken) {
    clearPendingStepUp(core, cookies);
  }
  return json(verifyResultToWire(result));
};
