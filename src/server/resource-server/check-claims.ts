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
  /** Where the token says when (`authTime`) and how (`amr`) the user authenticated. */
  claims: { authTime: string; amr: string };
}

/**
 * The token cannot show what is asked (no `acr` and no `amr` claim for an
 * `acr` requirement, no auth time for a `maxAge`): answered as a coded
 * `unprovable_authentication`, not as a step-up challenge, since a new token
 * of the same tenant would not show it either (a step-up loop).
 */
export interface Unprovable {
  error: "unprovable_authentication";
  description: string;
}

/**
 * Checks scope, then the user's authentication (RFC 9470 §3): the token's `acr`
 * must be one of those required (a token whose `amr` says `mfa` meets the
 * multi-factor policy even without an `acr`, as Auth0's ID tokens do), and
 * its auth time must be at most `maxAge` seconds old. Both are read under the
 * configured claim names (an Auth0 Action's namespaced claims). Undefined
 * means accepted.
 */
export function checkClaims(
  claims: AccessTokenClaims,
  required: ClaimRequirements,
  nowSeconds: number,
): BearerProblem | Unprovable | undefined {
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
  const amr = claims[required.claims.amr];
  if (required.acr.length > 0) {
    if (typeof claims.acr !== "string" && !Array.isArray(amr)) {
      return unprovable(`neither "acr" nor "${required.claims.amr}"`);
    }
    if (!meetsAcr(claims.acr, amr, required.acr)) {
      return { ...stepUp, description: "A stronger authentication is required" };
    }
  }
  if (required.maxAge !== undefined) {
    const authTime = claims[required.claims.authTime];
    if (typeof authTime !== "number" || !Number.isFinite(authTime)) {
      return unprovable(`no "${required.claims.authTime}"`);
    }
    if (nowSeconds - authTime > required.maxAge) {
      return { ...stepUp, description: "A more recent authentication is required" };
    }
  }
  return undefined;
}

function unprovable(what: string): Unprovable {
  return {
    error: "unprovable_authentication",
    description: `The access token has ${what} claim to show how or when the user authenticated`,
  };
}

function meetsAcr(acr: unknown, amr: unknown, acceptable: readonly string[]): boolean {
  if (typeof acr === "string" && acceptable.includes(acr)) return true;
  return acceptable.includes(MFA_ACR) && Array.isArray(amr) && amr.includes("mfa");
}
