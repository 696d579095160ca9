import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from "jose";

/** Why a bearer token was refused, mapped to RFC 6750 / RFC 9470 error codes. */
export type TokenProblem =
  | { error: "invalid_token"; description: string }
  | { error: "insufficient_scope"; description: string; scope: string }
  | { error: "insufficient_user_authentication"; description: string; maxAge: number };

export interface TokenRequirements {
  audience: string;
  scope: string;
  /** Seconds since the last authentication (auth_time) that is still acceptable. */
  maxAge: number;
}

export type VerifyOutcome = { ok: true; claims: JWTPayload } | { ok: false; problem: TokenProblem };

function issuerBaseUrl(): string {
  const value = process.env.STEPUP_ISSUER_BASE_URL;
  if (!value) throw new TypeError("STEPUP_ISSUER_BASE_URL is not set");
  return value.replace(/\/+$/, "");
}

// One key set per process: jose caches the JWKS and refetches it on an unknown
// kid (key rotation), with a cooldown so a bad token cannot make us hammer the issuer.
let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
function keySet(): ReturnType<typeof createRemoteJWKSet> {
  jwks ??= createRemoteJWKSet(new URL(`${issuerBaseUrl()}/.well-known/jwks.json`));
  return jwks;
}

/**
 * Verifies an access token the way a separate resource server would: the
 * signature against the issuer's JWKS, then iss, aud, exp, the scope, and
 * that the user completed MFA recently enough (RFC 9470).
 */
export async function verifyAccessToken(
  token: string,
  required: TokenRequirements,
): Promise<VerifyOutcome> {
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(token, keySet(), {
      issuer: issuerBaseUrl(),
      audience: required.audience,
      algorithms: ["RS256"],
      requiredClaims: ["exp", "sub"],
    }));
  } catch (error) {
    const description =
      error instanceof errors.JWTExpired
        ? "The access token expired"
        : "The access token is invalid";
    return { ok: false, problem: { error: "invalid_token", description } };
  }

  const scopes = typeof claims.scope === "string" ? claims.scope.split(" ") : [];
  if (!scopes.includes(required.scope)) {
    return {
      ok: false,
      problem: {
        error: "insufficient_scope",
        description: `The token lacks the ${required.scope} scope`,
        scope: required.scope,
      },
    };
  }

  const amr = Array.isArray(claims.amr) ? claims.amr : [];
  const authTime = typeof claims.auth_time === "number" ? claims.auth_time : 0;
  const age = Math.floor(Date.now() / 1000) - authTime;
  if (!amr.includes("mfa") || age > required.maxAge) {
    return {
      ok: false,
      problem: {
        error: "insufficient_user_authentication",
        description: amr.includes("mfa")
          ? "A more recent multi-factor authentication is required"
          : "Multi-factor authentication is required",
        maxAge: required.maxAge,
      },
    };
  }
  return { ok: true, claims };
}

/**
 * The RFC 6750 §3 / RFC 9470 §3 answer for a refused token: 401 with a
 * `WWW-Authenticate: Bearer` challenge (403 for a missing scope).
 */
export function bearerChallenge(problem: TokenProblem): Response {
  const params = [`error="${problem.error}"`, `error_description="${problem.description}"`];
  if (problem.error === "insufficient_scope") params.push(`scope="${problem.scope}"`);
  if (problem.error === "insufficient_user_authentication") {
    params.push(`max_age="${problem.maxAge}"`);
  }
  return Response.json(
    { error: problem.error, error_description: problem.description },
    {
      status: problem.error === "insufficient_scope" ? 403 : 401,
      headers: { "www-authenticate": `Bearer ${params.join(", ")}`, "cache-control": "no-store" },
    },
  );
}
