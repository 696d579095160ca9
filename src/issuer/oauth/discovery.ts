import type { IssuerDeps } from "../deps.js";
import { publicJsonResponse } from "../http/respond.js";
import { ACR } from "./policy.js";
import { OIDC_SCOPES } from "./scopes.js";
import { tokenGrants } from "./token.js";

/** GET /.well-known/openid-configuration (OIDC Discovery §3), plus the MFA API's endpoints. */
export async function handleDiscovery(_request: Request, deps: IssuerDeps): Promise<Response> {
  const base = deps.issuer;
  const apiScopes = [...deps.apis.values()].flatMap((api) => api.scopes ?? []);
  return publicJsonResponse({
    issuer: base,
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}/oauth/token`,
    userinfo_endpoint: `${base}/userinfo`,
    jwks_uri: `${base}/.well-known/jwks.json`,
    revocation_endpoint: `${base}/oauth/revoke`,
    end_session_endpoint: `${base}/oidc/logout`,
    mfa_challenge_endpoint: `${base}/mfa/challenge`,
    mfa_associate_endpoint: `${base}/mfa/associate`,
    mfa_authenticators_endpoint: `${base}/mfa/authenticators`,
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: Object.keys(tokenGrants()),
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    revocation_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    scopes_supported: [...new Set([...OIDC_SCOPES, ...apiScopes])],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    claims_supported: [
      "sub",
      "iss",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "amr",
      "acr",
      "nonce",
      "email",
      "email_verified",
      "name",
    ],
    acr_values_supported: [ACR.mfa, ACR.password],
    authorization_response_iss_parameter_supported: true,
    request_parameter_supported: false,
  });
}

/** GET /.well-known/jwks.json: the public signing keys, each with its kid. */
export async function handleJwks(_request: Request, deps: IssuerDeps): Promise<Response> {
  return publicJsonResponse({ keys: deps.signingKeys.publicJwks });
}
