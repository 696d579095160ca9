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
   * not reused.
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
  if (
    !options.refresh &&
    cached &&
    cached.expiresAt - EXPIRY_MARGIN > now &&
    (maxAge === undefined || isFreshEnough(cached.accessToken, maxAge, now))
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
  await core.sessions.write(jar, updated.session);
  return toAccessToken(updated.tokenSet);
}

/**
 * Was the user's last authentication (`auth_time`) at most `maxAge` seconds
 * ago? The payload is read without verifying the signature: this is our own
 * token, received from the issuer over TLS and kept in the sealed session
 * cookie, so nobody else could have written it; the API that receives it
 * verifies it. No readable auth_time means not fresh.
 */
function isFreshEnough(accessToken: string, maxAge: number, now: number): boolean {
  try {
    const payload: unknown = JSON.parse(
      new TextDecoder().decode(decodeBase64Url(accessToken.split(".")[1] ?? "")),
    );
    const authTime = (payload as { auth_time?: unknown } | null)?.auth_time;
    return typeof authTime === "number" && now - authTime <= maxAge;
  } catch {
    return false;
  }
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
