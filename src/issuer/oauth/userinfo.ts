import { StepUpError } from "../../errors/index.js";
import type { IssuerDeps } from "../deps.js";
import { bearerToken } from "../http/client-auth.js";
import { jsonResponse } from "../http/respond.js";
import { findUserById } from "../store/users.js";
import { splitScope } from "./scopes.js";
import { verifyOwnAccessToken } from "./verify-access-token.js";

/**
 * GET|POST /userinfo (OIDC Core §5.3) with a bearer access token of ours.
 * @throws invalid_token (401, with WWW-Authenticate per RFC 6750 §3)
 */
export async function handleUserinfo(request: Request, deps: IssuerDeps): Promise<Response> {
  const payload = await verifyOwnAccessToken(deps, bearerToken(request)).catch(() => undefined);
  const user = payload?.sub ? await findUserById(deps.db, payload.sub) : undefined;
  if (!payload || !user) {
    const response = new StepUpError("invalid_token").toResponse();
    response.headers.set("www-authenticate", 'Bearer error="invalid_token"');
    return response;
  }
  const scopes = splitScope(typeof payload.scope === "string" ? payload.scope : "");
  return jsonResponse({
    sub: user.id,
    ...(scopes.includes("email") ? { email: user.email, email_verified: user.email_verified } : {}),
    ...(scopes.includes("profile") && user.name ? { name: user.name } : {}),
  });
}
