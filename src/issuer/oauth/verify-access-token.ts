import { createLocalJWKSet, jwtVerify, type JWTPayload } from "jose";
import { StepUpError } from "../../errors/index.js";
import { SIGNING_ALGS } from "../crypto/signing-key.js";
import type { IssuerDeps } from "../deps.js";
import { splitScope } from "./scopes.js";

/** A verified access token of this issuer. */
export interface VerifiedAccessToken {
  payload: JWTPayload & { scope?: string; azp?: string };
  sub: string;
  scopes: Set<string>;
}

/** Three base64url parts: a JWT, as opposed to an opaque mfa_token (base64url, no dots). */
export function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);
}

/**
 * Verifies an access token minted by this issuer for `audience` (RS256 with our
 * own keys, `typ: at+jwt`, iss, aud, exp against the injected clock) and that
 * it carries `scope` (RFC 6750 §3.1).
 * @throws invalid_token (401) missing, malformed, bad signature, wrong iss/aud, expired
 * @throws insufficient_scope (403) valid but without `scope`
 */
export async function verifyAccessToken(
  deps: IssuerDeps,
  raw: string | undefined,
  audience: string,
  scope: string,
): Promise<VerifiedAccessToken> {
  const payload = await verifyOwnAccessToken(deps, raw, audience);
  const scopes = new Set(splitScope(typeof payload.scope === "string" ? payload.scope : ""));
  if (!scopes.has(scope)) {
    throw new StepUpError("insufficient_scope", `The token lacks the scope ${scope}`);
  }
  return { payload, sub: payload.sub!, scopes };
}

/**
 * The signature and claim checks alone: an access token of this issuer
 * (ES256 or RS256 with our keys, `typ: at+jwt`, iss, exp against the injected clock, a
 * `sub`), for `audience` when one is given (userinfo takes any of ours).
 * @throws invalid_token (401)
 */
export async function verifyOwnAccessToken(
  deps: IssuerDeps,
  raw: string | undefined,
  audience?: string,
): Promise<VerifiedAccessToken["payload"]> {
  if (!raw) throw new StepUpError("invalid_token", "Missing bearer token");
  try {
    const result = await jwtVerify(raw, createLocalJWKSet({ keys: deps.signingKeys.publicJwks }), {
      issuer: deps.issuer,
      ...(audience === undefined ? {} : { audience }),
      algorithms: [...SIGNING_ALGS],
      typ: "at+jwt",
      currentDate: new Date(deps.clock()),
      requiredClaims: ["sub", "exp"],
    });
    return result.payload;
  } catch {
    throw new StepUpError("invalid_token");
  }
}
