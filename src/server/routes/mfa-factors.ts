import type { WireEnrollmentFactors } from "../../shared/wire.js";
import { getEnrollmentFactors } from "../mfa/get-enrollment-factors.js";
import { readOptionalBearer } from "./read-input.js";
import { json } from "./respond.js";
import type { RouteHandler } from "./route-context.js";

/**
 * `GET /auth/mfa/factors`: `{factors}` the user may enroll; with `Authorization:
 * Bearer <sealed context>` those of that step-up, else (session only) the issuer's.
 */
export const mfaFactors: RouteHandler = async (request, { core, cookies }) => {
  const mfaToken = readOptionalBearer(request);
  const factors = await getEnrollmentFactors(core, cookies, mfaToken ? { mfaToken } : undefined);
  const body: WireEnrollmentFactors = { factors };
  return json(body);
};
