import type { JWTPayload } from "jose";
import type { BearerProblem } from "./bearer-challenge.js";

/** The claims of a verified access token (PROTOCOL.md part A). */
export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  scope?: string;
  azp?: string;
  /** Seconds since the epoch of the user's last authentication. */
  auth_time?: number;
  /** Authentication methods, e.g. `["pwd", "mfa", "otp"]` (RFC 8176). */
  amr?: string[];
  acr?: string;
}

/** The OpenID PAPE multi-factor policy: an `acr` this library and Auth0 issue after MFA. */
export const MFA_ACR = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

export interface ClaimRequirements {
  scopes: readonly string[];
  acr: readonly string[];
  maxAge?: number;
}

/**
 * Checks scope, then the user's authentication (RFC 9470 §3): the token's `acr`
 * must be one of those required (a token whose `amr` says `mfa` meets the
 * multi-factor policy even without an `acr`, as Auth0's tokens do), and
 * `auth_time` must be at most `maxAge` seconds old. Undefined means accepted.
 */
export function checkClaims(
  claims: AccessTokenClaims,
  required: ClaimRequirements,
  nowSeconds: number,
): BearerProblem | undefined {
  const granted = new Set(typeof claims.scope === "string" ? claims.scope.split(" ") : []);
  const missing = required.scopes.filter((scope) => !granted.has(scope));
  if (missing.length > 0) {
    return {
      error: "insufficient_scope",
      description: "The access token lacks a required scope",
      scope: required.scopes.join(" "),
    };
  }
  const stepUp = {
    error: "insufficient_user_authentication" as const,
    ...(required.acr.length > 0 ? { acrValues: required.acr.join(" ") } : {}),
    ...(required.maxAge !== undefined ? { maxAge: required.maxAge } : {}),
  };
  if (required.acr.length > 0 && !meetsAcr(claims, required.acr)) {
    return { ...stepUp, description: "A stronger authentication is required" };
  }
  if (required.maxAge !== undefined) {
    const authTime = claims.auth_time;
    if (typeof authTime !== "number" || nowSeconds - authTime > required.maxAge) {
      return { ...stepUp, description: "A more recent authentication is required" };
    }
  }
  return undefined;
}

function meetsAcr(claims: AccessTokenClaims, acceptable: readonly string[]): boolean {
  if (typeof claims.acr === "string" && acceptable.includes(claims.acr)) return true;
  return acceptable.includes(MFA_ACR) && Array.isArray(claims.amr) && claims.amr.includes("mfa");
}
