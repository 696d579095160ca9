import type { IssuerDeps } from "../deps.js";
import { routeParams } from "../http/router.js";
import { jsonResponse } from "../http/respond.js";
import { describeAuthenticators } from "../mfa/list-authenticators.js";
import { removeAuthenticator, resetMfa } from "../mfa/remove-authenticator.js";
import { renameAuthenticator } from "../mfa/rename-authenticator.js";
import { LIMITS } from "../deps.js";
import { readParams } from "../http/body.js";
import { authorizeAdmin } from "./admin-token.js";
import { noContent, targetUser } from "./target-user.js";

// The four calls on /api/v2/users/{userId}/authenticators share their lookup, hence one file.

/** GET /api/v2/users/{userId}/authenticators (scope read:authenticators): the MFA API's list. */
export async function handleAdminListAuthenticators(
  request: Request,
  deps: IssuerDeps,
): Promise<Response> {
  await authorizeAdmin(request, deps, "read:authenticators");
  const user = await targetUser(request, deps);
  return jsonResponse(await describeAuthenticators(deps, user.id));
}

/**
 * DELETE /api/v2/users/{userId}/authenticators/{authenticatorId} (scope
 * delete:authenticators): as the user's own DELETE /mfa/authenticators/{id}.
 * @throws not_found (404) unknown user, or a factor that is not this user's
 */
export async function handleAdminDeleteAuthenticator(
  request: Request,
  deps: IssuerDeps,
): Promise<Response> {
  const clientId = await authorizeAdmin(request, deps, "delete:authenticators");
  const user = await targetUser(request, deps);
  await removeAuthenticator(deps, user.id, routeParams(request).authenticatorId ?? "", {
    actor: "admin",
    clientId,
  });
  return noContent();
}

/**
 * PATCH /api/v2/users/{userId}/authenticators/{authenticatorId} with
 * `{name}` (scope update:authenticators): as the user's own PATCH
 * /mfa/authenticators/{id}, answering the renamed authenticator.
 * @throws not_found (404) unknown user or factor, invalid_request (400) bad name or a factor without a user-chosen name
 */
export async function handleAdminRenameAuthenticator(
  request: Request,
  deps: IssuerDeps,
): Promise<Response> {
  const clientId = await authorizeAdmin(request, deps, "update:authenticators");
  const user = await targetUser(request, deps);
  const params = await readParams(request, LIMITS.maxBodyBytes);
  const wireId = routeParams(request).authenticatorId ?? "";
  return jsonResponse(
    await renameAuthenticator(deps, user.id, wireId, params, { actor: "admin", clientId }),
  );
}

/**
 * DELETE /api/v2/users/{userId}/authenticators (scope update:users): MFA
 * reset, every factor and recovery code goes; the user enrolls again at the
 * next step-up.
 */
export async function handleAdminResetMfa(request: Request, deps: IssuerDeps): Promise<Response> {
  const clientId = await authorizeAdmin(request, deps, "update:users");
  const user = await targetUser(request, deps);
  await resetMfa(deps, user.id, clientId);
  return noContent();
}
