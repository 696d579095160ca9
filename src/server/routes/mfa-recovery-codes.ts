import { recoveryCodesToWire } from "../../shared/wire.js";
import { regenerateRecoveryCodes } from "../mfa/regenerate-recovery-codes.js";
import { assertSameOrigin } from "./origin-check.js";
import { json } from "./respond.js";
import type { RouteHandler } from "./route-context.js";

/**
 * `POST /auth/mfa/recovery-codes`: a new set for the session's user, `{recovery_codes}`;
 * origin-checked; 403 `mfa_required` with a sealed context when a step-up is due.
 */
export const mfaRecoveryCodes: RouteHandler = async (request, { core, cookies }) => {
  assertSameOrigin(request, core.config.appBaseUrl);
  return json(recoveryCodesToWire(await regenerateRecoveryCodes(core, cookies)));
};
