/**
 * next-stepup/issuer: the embedded authorization server (OAuth 2.0 / OIDC with
 * Auth0's MFA API) as a fetch-style handler, plus a node:http adapter.
 */
export { createIssuer, type Issuer } from "./create-issuer.js";
export { serveIssuer, type ServeIssuerOptions, type ServedIssuer } from "./serve.js";
export { setClientAddress } from "./http/client-address.js";
export type { IssuerApi, IssuerClient, IssuerOptions, IssuerUser, SmsLimits } from "./options.js";
export type { SqlClient } from "./store/sql-client.js";
export type { AdminScope, FactorName, IssuerEvent, IssuerEventType } from "./options.js";
export {
  loginMfaRequirement,
  type LoginMfaRequirement,
  type LoginRequirementOptions,
} from "./policy/login-requirement.js";
