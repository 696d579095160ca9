import { z } from "zod";
import type { IssuerDeps } from "../deps.js";
import { queryParams } from "../http/body.js";
import { jsonResponse } from "../http/respond.js";
import { parseWith } from "../http/validate.js";
import { findUserByEmail } from "../store/users.js";
import { authorizeAdmin } from "./admin-token.js";
import { describeUser } from "./target-user.js";

const schema = z.object({ email: z.string().email().max(320) });

/**
 * GET /api/v2/users-by-email?email= (scope read:users): `[user]` or `[]`, as
 * Auth0's endpoint of the same name, so an admin can find a user id.
 * @throws invalid_token (401), insufficient_scope (403), invalid_request (400)
 */
export async function handleUsersByEmail(request: Request, deps: IssuerDeps): Promise<Response> {
  await authorizeAdmin(request, deps, "read:users");
  const query = parseWith(schema, queryParams(request));
  const user = await findUserByEmail(deps.db, query.email);
  return jsonResponse(user ? [describeUser(user)] : []);
}
