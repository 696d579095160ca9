import { z } from "zod";
import type { IssuerDeps } from "../deps.js";
import { queryParams } from "../http/body.js";
import { jsonResponse } from "../http/respond.js";
import { parseWith } from "../http/validate.js";
import { listAuditEvents } from "../store/audit-events.js";
import { authorizeAdmin } from "./admin-token.js";
import { targetUser } from "./target-user.js";

const schema = z.object({
  limit: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce.number().int().min(1).max(100).default(50),
  ),
});

/**
 * GET /api/v2/users/{userId}/events?limit= (scope read:logs): the user's MFA
 * audit events, newest first, at most `limit` (1..100, default 50).
 */
export async function handleUserEvents(request: Request, deps: IssuerDeps): Promise<Response> {
  await authorizeAdmin(request, deps, "read:logs");
  const user = await targetUser(request, deps);
  const query = parseWith(schema, queryParams(request));
  const rows = await listAuditEvents(deps.db, user.id, query.limit);
  return jsonResponse(
    rows.map((row) => ({
      id: row.id,
      type: row.type,
      user_id: row.user_id,
      ...(row.authenticator_id ? { authenticator_id: row.authenticator_id } : {}),
      ...(row.authenticator_type ? { authenticator_type: row.authenticator_type } : {}),
      ...(row.client_id ? { client_id: row.client_id } : {}),
      actor: row.actor,
      date: new Date(Number(row.created_at)).toISOString(),
    })),
  );
}
