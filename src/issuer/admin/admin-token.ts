import { StepUpError } from "../../errors/index.js";
import type { IssuerDeps } from "../deps.js";
import { bearerToken } from "../http/client-auth.js";
import type { AdminScope } from "../options.js";
import { verifyAccessToken } from "../oauth/verify-access-token.js";

/** The admin API audience `{issuer}/api/v2/` (as Auth0's Management API). */
export function adminAudience(deps: Pick<IssuerDeps, "issuer">): string {
  return `${deps.issuer}/api/v2/`;
}

/**
 * Authorizes an admin API call: a client_credentials token of this issuer
 * for the admin audience with `scope`, whose client still holds that scope in
 * the configuration (so removing a client's adminScopes takes effect at once,
 * not when its tokens expire). Returns the admin client's id.
 * @throws invalid_token (401), insufficient_scope (403)
 */
export async function authorizeAdmin(
  request: Request,
  deps: IssuerDeps,
  scope: AdminScope,
): Promise<string> {
  const token = await verifyAccessToken(deps, bearerToken(request), adminAudience(deps), scope);
  const clientId = token.payload.azp;
  const client = typeof clientId === "string" ? deps.clients.get(clientId) : undefined;
  if (
    !client ||
    token.payload.gty !== "client-credentials" ||
    token.sub !== `${client.clientId}@clients`
  ) {
    throw new StepUpError("invalid_token");
  }
  if (!(client.adminScopes ?? []).includes(scope)) {
    throw new StepUpError("insufficient_scope", `The client no longer holds ${scope}`);
  }
  return client.clientId;
}
