import { z } from "zod";
import { StepUpError } from "../../errors/index.js";
import { recordEvent } from "../audit/record-event.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import { readParams } from "../http/body.js";
import { jsonResponse } from "../http/respond.js";
import { parseWith } from "../http/validate.js";
import {
  deleteMfaExemption,
  findMfaExemption,
  upsertMfaExemption,
  type MfaExemptionRow,
} from "../store/mfa-exemptions.js";
import { authorizeAdmin } from "./admin-token.js";
import { noContent, targetUser } from "./target-user.js";

// GET, PUT and DELETE of one resource, /api/v2/users/{userId}/mfa-exemption.

const schema = z.object({ reason: z.string().trim().min(1).max(500) });

function describe(row: MfaExemptionRow): Record<string, unknown> {
  return {
    user_id: row.user_id,
    reason: row.reason,
    set_by: row.set_by,
    created_at: new Date(Number(row.created_at)).toISOString(),
  };
}

/** GET (scope read:users): the exemption, or 404 not_found when there is none. */
export async function handleGetMfaExemption(request: Request, deps: IssuerDeps): Promise<Response> {
  await authorizeAdmin(request, deps, "read:users");
  const user = await targetUser(request, deps);
  const row = await findMfaExemption(deps.db, user.id);
  if (!row) throw new StepUpError("not_found", "The user has no MFA exemption");
  return jsonResponse(describe(row));
}

/**
 * PUT (scope update:users) with `{reason}`: exempts the user from required
 * enforcement, recording who (the admin client) and when; a second PUT
 * replaces reason, setter and time. Audience policies (`requireMfa`) still apply.
 */
export async function handlePutMfaExemption(request: Request, deps: IssuerDeps): Promise<Response> {
  const clientId = await authorizeAdmin(request, deps, "update:users");
  const user = await targetUser(request, deps);
  const input = parseWith(schema, await readParams(request, LIMITS.maxBodyBytes));
  const row: MfaExemptionRow = {
    user_id: user.id,
    reason: input.reason,
    set_by: clientId,
    created_at: deps.clock(),
  };
  await upsertMfaExemption(deps.db, row);
  await recordEvent(deps, { type: "mfa.exemption_set", userId: user.id, actor: "admin", clientId });
  return jsonResponse(describe(row));
}

/** DELETE (scope update:users): clears it; 404 not_found when there was none. */
export async function handleDeleteMfaExemption(
  request: Request,
  deps: IssuerDeps,
): Promise<Response> {
  const clientId = await authorizeAdmin(request, deps, "update:users");
  const user = await targetUser(request, deps);
  if (!(await deleteMfaExemption(deps.db, user.id))) {
    throw new StepUpError("not_found", "The user has no MFA exemption");
  }
  await recordEvent(deps, {
    type: "mfa.exemption_cleared",
    userId: user.id,
    actor: "admin",
    clientId,
  });
  return noContent();
}
