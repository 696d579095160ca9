import { MfaRequiredError, StepUpError } from "../errors/index.js";
import type { AccessToken } from "../types/index.js";
import type { CookieJar } from "./cookies/cookie-jar.js";
import { nowSeconds, type Core } from "./core.js";
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
}

/** A cached token is reused only while it has this many seconds left (clock skew, network time). */
const EXPIRY_MARGIN = 30;

export async function getAccessToken(
  core: Core,
  jar: CookieJar,
  options: GetAccessTokenOptions,
): Promise<AccessToken> {
  if (typeof options?.audience !== "string" || options.audience === "") {
    throw new TypeError('next-stepup: getAccessToken needs an "audience"');
  }
  const session = await core.sessions.read(jar);
  if (!session) throw new StepUpError("unauthorized", undefined, { operation: "getAccessToken" });
  const target = { audience: options.audience, scope: normalizeScope(options.scope) };

  const cached = findTokenSet(session, target.audience, target.scope);
  if (!options.refresh && cached && cached.expiresAt - EXPIRY_MARGIN > nowSeconds(core)) {
    return toAccessToken(cached);
  }
  if (!session.refreshToken) {
    throw new StepUpError("unauthorized", "The session has no refresh token", {
      operation: "getAccessToken",
    });
  }

  let response;
  try {
    response = await core.oauth.refresh(session.refreshToken, {
      audience: target.audience,
      ...(target.scope ? { scope: target.scope } : {}),
    });
  } catch (error) {
    if (error instanceof MfaRequiredError) {
      throw await core.contexts.toRequiredError(error, target, session, "getAccessToken");
    }
    throw error;
  }
  const updated = applyTokenResponse(session, response, target, nowSeconds(core));
  await core.sessions.write(jar, updated.session);
  return toAccessToken(updated.tokenSet);
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
