import { authenticatorToWire } from "../../shared/wire.js";
import { getAuthenticators } from "../mfa/get-authenticators.js";
import { readOptionalBearer } from "./read-input.js";
import { json } from "./respond.js";
import type { RouteHandler } from "./route-context.js";

/**
 * `GET /auth/mfa/authenticators`: bearer = the sealed context of a step-up; or
 * no Authorization header at all, for the session's own list (security
 * settings), which answers 403 `mfa_required` when the MFA API wants a step-up.
 * A GET changes nothing, and the answer is no-store and readable only by the
 * app's own origin (no CORS), so no origin check is needed here.
 */
export const mfaAuthenticators: RouteHandler = async (request, { core, cookies }) => {
  const mfaToken = readOptionalBearer(request);
  const list = await getAuthenticators(core, cookies, mfaToken === undefined ? {} : { mfaToken });
  return json(list.map(authenticatorToWire));
};
