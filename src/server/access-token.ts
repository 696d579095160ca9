import { MfaRequiredError, StepUpError } from "../errors/index.js";
import { decodeBase64Url } from "../shared/base64url.js";
import type { AccessToken } from "../types/index.js";
import type { CookieJar } from "./cookies/cookie-jar.js";
import { nowSeconds, type Core } from "./core.js";
import { rethrowWithAuthenticators } from "./mfa/with-authenticators.js";
import { applyTokenResponse } from "./session/apply-token-response.js";
import { findTokenSet, type TokenSet } from "./session/session.js";

/** Options of `auth.getAccessToken`. */
export interface GetAccessTokenOptions {
  /** The API the token is for, e.g. `https://api.example.com/payments`. */
  audience: string;
  /** Space-separated scopes; omitted = the API's default scopes. */
  scope?: string;
  /** Skip the cached token and run the refresh grant. */
  refresh?: boolean;
  /**
   * Seconds since the user last authenticated that are still acceptable. Sent
   * as `max_age` on the refresh grant (the issuer answers `mfa_required` when
   * the last MFA is older), and a cached token whose `auth_time` is older is
   * not reused. The token returned must show it: its `auth_time` claim (the
   * `authenticationClaims.authTime` option names another, e.g. the claim an
   * Auth0 Action adds) at most `maxAge` old, else `unprovable_authentication`
   * (an Auth0 tenant ignores `max_age` on a refresh grant and puts no
   * `auth_time` in access tokens: a token that cannot show its freshness is
   * never returned as fresh, and no step-up is asked for, which would not
   * change it).
   */
  maxAge?: number;
}

/** A cached token is reused only while it has this many seconds left (clock skew, network time). */
const EXPIRY_MARGIN = 30;

/** How the SDK itself calls getAccessToken. */
export interface InternalTokenOptions {
  /**
   * List the user's authenticators into a `mfa_required` (default true): the
   * step-up UI then needs no list call. The middleware guard, which redirects
   * and does not show the list, skips it.
   */
  listAuthenticators?: boolean;
}

export async function getAccessToken(
  core: Core,
  jar: CookieJar,
  options: GetAccessTokenOptions,
  internal: InternalTokenOptions = {},
): Promise<AccessToken> {
  if (typeof options?.audience !== "string" || options.audience === "") {
    throw new TypeError('next-stepup: getAccessToken needs an "audience"');
  }
  const session = await core.sessions.read(jar);
  if (!session) throw new StepUpError("unauthorized", undefined, { operation: "getAccessToken" });
  const { maxAge } = options;
  if (maxAge !== undefined && !(Number.isInteger(maxAge) && maxAge >= 0)) {
    throw new TypeError('next-stepup: getAccessToken "maxAge" must be a whole number of seconds');
  }
  const target = { audience: options.audience, scope: normalizeScope(options.scope) };

  const cached = findTokenSet(session, target.audience, target.scope);
  const now = nowSeconds(core);
  const authTimeClaim = core.config.authenticationClaims.authTime;
  if (
    !options.refresh &&
    cached &&
    cached.expiresAt - EXPIRY_MARGIN > now &&
    (maxAge === undefined || freshness(cached.accessToken, maxAge, now, authTimeClaim) === "fresh")
  ) {
    return toAccessToken(cached);
  }
  if (!session.refreshToken) {
    throw new StepUpError("unauthorized", "The session has no refresh token", {
      operation: "getAccessToken",
    });
  }

  let response;
  try {
    // Parallel requests of this session share one grant; each then writes the
    // same answer into its own cookie jar (see refresh-flights.ts).
    response = await core.refreshes.run(
      { sid: session.sid, ...target, maxAge, refreshToken: session.refreshToken },
      async (refreshToken) => {
        const grant = core.oauth.refresh(refreshToken, {
          audience: target.audience,
          ...(target.scope ? { scope: target.scope } : {}),
          ...(maxAge !== undefined ? { maxAge } : {}),
        });
        // Inside the shared flight, so parallel waiters share one listing too.
        return internal.listAuthenticators === false
          ? grant
          : grant.catch((error: unknown) => rethrowWithAuthenticators(core, error));
      },
    );
  } catch (error) {
    // Every waiter gets the grant's error; for mfa_required each seals its own
    // context (bound to the same session, wrapping the same issuer mfa_token).
    if (error instanceof MfaRequiredError) {
      throw await core.contexts.toRequiredError(error, target, session, "getAccessToken");
    }
    throw error;
  }
  const updated = applyTokenResponse(session, response, target, nowSeconds(core));
  // Written first, whatever follows: the refresh token may have been rotated.
  await core.sessions.write(jar, updated.session);
  if (maxAge !== undefined) {
    const state = freshness(updated.tokenSet.accessToken, maxAge, nowSeconds(core), authTimeClaim);
    if (state !== "fresh") {
      throw new StepUpError(
        "unprovable_authentication",
        state === "unknown"
          ? `The access token has no "${authTimeClaim}" claim to show the authentication is at most ${maxAge} s old`
          : `The authorization server ignored max_age: the token's authentication is older than ${maxAge} s`,
        { operation: "getAccessToken" },
      );
    }
  }
  return toAccessToken(updated.tokenSet);
}

/**
 * Was the user's last authentication (the `claim`, `auth_time` by default) at
 * most `maxAge` seconds ago: `fresh`, `stale`, or `unknown` when the token
 * has no such number (an opaque token, or Auth0's, which keeps `auth_time` in
 * ID tokens). The payload is read without verifying the signature: this is
 * our own token, received from the issuer over TLS and kept in the sealed
 * session cookie, so nobody else could have written it; the API that
 * receives it verifies it.
 */
function freshness(
  accessToken: string,
  maxAge: number,
  now: number,
  claim: string,
): "fresh" | "stale" | "unknown" {
  let authTime: unknown;
  try {
    const payload: unknown = JSON.parse(
      new TextDecoder().decode(decodeBase64Url(accessToken.split(".")[1] ?? "")),
    );
    authTime = (payload as Record<string, unknown> | null)?.[claim];
  } catch {
    return "unknown";
  }
  if (typeof authTime !== "number" || !Number.isFinite(authTime)) return "unknown";
  return now - authTime <= maxAge ? "fresh" : "stale";
}

/** "b a  c" and "a b c" ask for the same thing; one key per set of scopes. */
export function normalizeScope(scope: string | undefined): string {
  return (scope ?? "").split(/\s+/).filter(Boolean).sort().join(" ");
}

function toAccessToken(set: TokenSet): AccessToken {
  return {
    token: set.accessToken,
    audience: set.audience,
    scope: set.grantedScope ?? set.scope,
    expiresAt: set.expiresAt,
  };
}
