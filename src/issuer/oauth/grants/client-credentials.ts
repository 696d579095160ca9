import { z } from "zod";
import { StepUpError } from "../../../errors/index.js";
import { adminAudience } from "../../admin/admin-token.js";
import type { IssuerDeps } from "../../deps.js";
import type { Params } from "../../http/body.js";
import { optionalParam, parseWith, param } from "../../http/validate.js";
import type { IssuerClient } from "../../options.js";
import { splitScope } from "../scopes.js";
import { signAccessToken } from "../sign-access-token.js";
import { jsonTokenResponse } from "./authorization-code.js";

const schema = z.object({ audience: param, scope: optionalParam });

/**
 * grant_type=client_credentials (RFC 6749 §4.4), only for the admin API
 * `{issuer}/api/v2/` and only for a client configured with `adminScopes`.
 * The token's scope is what was asked (each one among the client's admin
 * scopes) or, by default, all of them. No refresh token (§4.4.3).
 * @throws unauthorized_client (400) the client has no admin scopes
 * @throws invalid_request (400) another audience; invalid_scope (400) a scope not granted
 */
export async function clientCredentialsGrant(
  params: Params,
  client: IssuerClient,
  deps: IssuerDeps,
): Promise<Response> {
  const input = parseWith(schema, params);
  const granted = client.adminScopes ?? [];
  if (granted.length === 0) {
    throw new StepUpError("unauthorized_client", "This client may not use client_credentials");
  }
  if (input.audience !== adminAudience(deps)) {
    throw new StepUpError("invalid_request", "Invalid parameter: audience");
  }
  const requested = input.scope === undefined ? granted : splitScope(input.scope);
  for (const scope of requested) {
    if (!(granted as string[]).includes(scope)) {
      throw new StepUpError("invalid_scope", `Scope not allowed: ${scope}`);
    }
  }
  const scope = requested.join(" ");
  const accessToken = signAccessToken(deps, {
    subject: `${client.clientId}@clients`,
    audience: adminAudience(deps),
    claims: { scope, azp: client.clientId, gty: "client-credentials" },
  });
  return jsonTokenResponse({
    access_token: accessToken,
    token_type: "Bearer",
    expires_in: deps.accessTokenTtl,
    scope,
  });
}
