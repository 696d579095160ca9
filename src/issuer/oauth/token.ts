import { StepUpError } from "../../errors/index.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import { readParams, type Params } from "../http/body.js";
import { authenticateClient } from "../http/client-auth.js";
import type { IssuerClient } from "../options.js";
import { factorGrants } from "../factors/registry.js";
import { authorizationCodeGrant } from "./grants/authorization-code.js";
import { clientCredentialsGrant } from "./grants/client-credentials.js";
import { refreshTokenGrant } from "./grants/refresh-token.js";

type Grant = (params: Params, client: IssuerClient, deps: IssuerDeps) => Promise<Response>;

/**
 * Grant types the token endpoint serves (also listed in discovery): the OAuth
 * grants, then each factor's MFA grant from the registry.
 */
export function tokenGrants(): Record<string, Grant> {
  return {
    authorization_code: authorizationCodeGrant,
    refresh_token: refreshTokenGrant,
    ...factorGrants(),
    client_credentials: clientCredentialsGrant,
  };
}

/** tokenGrants, made on the first token request (the registry is fixed once modules load). */
let knownGrants: Record<string, Grant> | undefined;

/**
 * POST /oauth/token: parse, check grant_type, authenticate the client, then
 * run the grant. Every answer is `Cache-Control: no-store`.
 */
export async function handleToken(request: Request, deps: IssuerDeps): Promise<Response> {
  const params = await readParams(request, LIMITS.maxBodyBytes);
  const grantType = params.grant_type;
  if (typeof grantType !== "string" || grantType === "") {
    throw new StepUpError("invalid_request", "Missing parameter: grant_type");
  }
  const grants = (knownGrants ??= tokenGrants());
  const grant = Object.prototype.hasOwnProperty.call(grants, grantType)
    ? grants[grantType]
    : undefined;
  if (!grant) throw new StepUpError("unsupported_grant_type");
  const client = authenticateClient(request, params, deps);
  return grant(params, client, deps);
}
