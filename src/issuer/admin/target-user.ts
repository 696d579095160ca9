import { StepUpError } from "../../errors/index.js";
import type { IssuerDeps } from "../deps.js";
import { routeParams } from "../http/router.js";
import { findUserById, type UserRow } from "../store/users.js";

/** The user named by the `{userId}` path segment. @throws not_found (404) */
export async function targetUser(request: Request, deps: IssuerDeps): Promise<UserRow> {
  const id = routeParams(request).userId;
  const user = id ? await findUserById(deps.db, id) : undefined;
  if (!user) throw new StepUpError("not_found", "No such user");
  return user;
}

/** The admin API's view of a user (Auth0's user_id, email, name, created_at). */
export function describeUser(user: UserRow): Record<string, unknown> {
  return {
    user_id: user.id,
    email: user.email,
    ...(user.name ? { name: user.name } : {}),
    created_at: new Date(Number(user.created_at)).toISOString(),
  };
}

/** 204 No Content, never cached. */
export function noContent(): Response {
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
}
