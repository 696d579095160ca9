import { errors, jwtVerify } from "jose";
import { StepUpError } from "../../errors/index.js";
import { bearerChallenge } from "./bearer-challenge.js";
import { checkClaims, type AccessTokenClaims } from "./check-claims.js";
import { createKeySet } from "./key-set.js";

/** Options of `protectApi`. */
export interface ProtectApiOptions {
  /** The authorization server, e.g. `http://localhost:4000`; must equal the tokens' `iss`. */
  issuer: string;
  /** This API's identifier; the tokens' `aud` must contain it. */
  audience: string;
  /** Scopes the token must all hold; 403 `insufficient_scope` otherwise. */
  scopes?: string[];
  /**
   * Acceptable `acr` values, e.g. {@link MFA_ACR}; a token whose `amr` includes
   * `mfa` meets the multi-factor one. 401 `insufficient_user_authentication` otherwise.
   */
  acr?: string | string[];
  /** Seconds since the user's last authentication (`auth_time`) that are still acceptable. */
  maxAge?: number;
  /** Where the keys are; default: discovery's `jwks_uri`, else `{issuer}/.well-known/jwks.json`. */
  jwksUri?: string;
  /** `realm` of the challenges; default the audience. */
  realm?: string;
  /** Injected transport for discovery and JWKS (tests: the in-process issuer). */
  fetch?: typeof fetch;
  /** Milliseconds since the epoch; default `Date.now`. */
  clock?: () => number;
}

/** What a protected handler gets besides the request (plus Next's own context, e.g. `params`). */
export interface ProtectedContext {
  claims: AccessTokenClaims;
}

export interface ApiGuard {
  /** Wraps a route handler: it runs only for an acceptable token; otherwise the challenge is answered. */
  <C extends object = object>(
    handler: (request: Request, context: C & ProtectedContext) => Response | Promise<Response>,
  ): (request: Request, context: C) => Promise<Response>;
  /** The lower level: the token's claims, or the Response to send back. */
  verify(request: Request): Promise<AccessTokenClaims | Response>;
}

/** JWT clock tolerance (seconds) between this server and the issuer. */
const CLOCK_TOLERANCE = 5;

/**
 * Guards the app's own API route handlers with the issuer's access tokens: the
 * bearer JWT is verified (RS256 or ES256, the issuer's JWKS, `iss`, `aud`, `exp`), then
 * its scope and the user's authentication (RFC 9470). Refusals are RFC 6750 /
 * RFC 9470 challenges in `WWW-Authenticate` (`invalid_token`,
 * `insufficient_scope`, `insufficient_user_authentication` with `acr_values`
 * and `max_age`); no token at all gets a bare `Bearer realm=…`. Web APIs only.
 *
 * @example
 * const guard = protectApi({ issuer, audience: "https://api.example.com/payments",
 *   scopes: ["payments:write"], acr: MFA_ACR, maxAge: 300 });
 * export const POST = guard(async (request, { claims }) => Response.json({ sub: claims.sub }));
 * @throws TypeError for a missing issuer/audience or a bad maxAge.
 */
export function protectApi(options: ProtectApiOptions): ApiGuard {
  if (typeof options?.issuer !== "string" || !URL.canParse(options.issuer)) {
    throw new TypeError('next-stepup: protectApi needs an absolute "issuer" URL');
  }
  if (typeof options.audience !== "string" || options.audience === "") {
    throw new TypeError('next-stepup: protectApi needs an "audience"');
  }
  const { maxAge } = options;
  if (maxAge !== undefined && !(Number.isInteger(maxAge) && maxAge >= 0)) {
    throw new TypeError('next-stepup: protectApi "maxAge" must be a whole number of seconds');
  }
  const issuer = options.issuer.replace(/\/+$/, "");
  const realm = options.realm ?? options.audience;
  const clock = options.clock ?? Date.now;
  const required = {
    scopes: options.scopes ?? [],
    acr: options.acr === undefined ? [] : [options.acr].flat(),
    ...(maxAge !== undefined ? { maxAge } : {}),
  };
  const keys = createKeySet({
    issuer,
    ...(options.jwksUri ? { jwksUri: options.jwksUri } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  const verify = async (request: Request): Promise<AccessTokenClaims | Response> => {
    const token = readBearerToken(request.headers.get("authorization"));
    if (token === undefined) return bearerChallenge({ error: "missing" }, realm);
    let claims: AccessTokenClaims;
    try {
      const verified = await jwtVerify<AccessTokenClaims>(token, keys, {
        issuer,
        audience: options.audience,
        algorithms: ["RS256", "ES256"],
        requiredClaims: ["exp", "sub"],
        currentDate: new Date(clock()),
        clockTolerance: CLOCK_TOLERANCE,
      });
      claims = verified.payload;
    } catch (error) {
      if (isKeySourceFailure(error)) {
        // The keys could not be fetched: not the token's fault, so no invalid_token.
        return new StepUpError("network_error", "The token issuer's keys are unavailable", {
          cause: error,
        }).toResponse();
      }
      const description =
        error instanceof errors.JWTExpired
          ? "The access token expired"
          : "The access token is invalid";
      return bearerChallenge({ error: "invalid_token", description }, realm);
    }
    const problem = checkClaims(claims, required, Math.floor(clock() / 1000));
    return problem ? bearerChallenge(problem, realm) : claims;
  };

  const guard = (<C extends object>(
      handler: (request: Request, context: C & ProtectedContext) => Response | Promise<Response>,
    ) =>
    async (request: Request, context: C): Promise<Response> => {
      const outcome = await verify(request);
      if (outcome instanceof Response) return outcome;
      return handler(request, { ...(context ?? ({} as C)), claims: outcome });
    }) as ApiGuard;
  guard.verify = verify;
  return guard;
}

/** The token of `Authorization: Bearer <token>` (RFC 6750 §2.1); anything else counts as none. */
function readBearerToken(header: string | null): string | undefined {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header ?? "");
  return match?.[1];
}

function isKeySourceFailure(error: unknown): boolean {
  return (
    error instanceof errors.JWKSTimeout ||
    (error instanceof errors.JOSEError && error.code === "ERR_JOSE_GENERIC") ||
    // A fetch failure or non-JSON JWKS surfaces as a plain error from the transport.
    (error instanceof Error && !(error instanceof errors.JOSEError))
  );
}
