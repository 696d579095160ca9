import { authenticatorToWire } from "../../shared/wire.js";
import { getAuthenticators } from "../mfa/get-authenticators.js";
import { readBearer } from "./read-input.js";
import { json } from "./respond.js";
import type { RouteHandler } from "./route-context.js";

/** `GET /auth/mfa/authenticators` (bearer: the sealed context). */
export const mfaAuthenticators: RouteHandler = async (request, { core, cookies }) => {
  const list = await getAuthenticators(core, cookies, { mfaToken: readBearer(request) });
  return json(list.map(authenticatorToWire));
};
