import { StepUpError } from "../errors/index.js";
import { findInsufficientUserAuthentication } from "../shared/www-authenticate.js";
import { getAccessToken, type GetAccessTokenOptions } from "./access-token.js";
import type { CookieJar } from "./cookies/cookie-jar.js";
import type { Core } from "./core.js";

/** Options of `auth.fetchWithToken`: the token to send, plus anything `fetch` takes. */
export interface FetchWithTokenOptions extends RequestInit, Omit<GetAccessTokenOptions, "refresh"> {
  /** Transport for the API call (not the issuer's); default the global `fetch` at call time. */
  fetch?: typeof fetch;
}

/**
 * `auth.fetchWithToken`: calls an API with the session's access token for
 * `audience` as a bearer and, when the API answers an RFC 9470 step-up
 * challenge (401 `WWW-Authenticate: Bearer error="insufficient_user_authentication"`),
 * runs a forced refresh grant with the challenge's `max_age` and calls once
 * more with the new token. The issuer decides on that refresh: when the
 * audience's policy (or that `max_age`) wants an MFA the session lacks, it
 * answers `mfa_required`, thrown here as MfaRequiredError for the browser to
 * resolve. The body must be replayable (not a stream) for that second call.
 */
export async function fetchWithToken(
  core: Core,
  jar: CookieJar,
  input: RequestInfo | URL,
  options: FetchWithTokenOptions,
): Promise<Response> {
  const { audience, scope, maxAge, fetch: transport, ...init } = options ?? ({} as never);
  const tokenOptions: GetAccessTokenOptions = {
    audience,
    ...(scope !== undefined ? { scope } : {}),
    ...(maxAge !== undefined ? { maxAge } : {}),
  };
  const send = transport ?? ((i: RequestInfo | URL, r?: RequestInit) => fetch(i, r));

  const call = async (token: string): Promise<Response> => {
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : {}));
    headers.set("authorization", `Bearer ${token}`);
    try {
      // A Request's body can be read once: each call sends a copy.
      return await send(input instanceof Request ? input.clone() : input, { ...init, headers });
    } catch (cause) {
      throw new StepUpError("network_error", "The API could not be reached", { cause });
    }
  };

  const first = await call((await getAccessToken(core, jar, tokenOptions)).token);
  if (first.status !== 401) return first;
  const challenge = findInsufficientUserAuthentication(first.headers.get("www-authenticate"));
  if (!challenge) return first;
  // RFC 9470 §4: the client gets a token for a stronger or fresher
  // authentication and tries again. The refresh grant carries max_age; the
  // acr the API wants is the audience's policy on the issuer.
  const askedMaxAge = challenge.maxAge ?? maxAge;
  const stronger = await getAccessToken(core, jar, {
    ...tokenOptions,
    refresh: true,
    ...(askedMaxAge !== undefined ? { maxAge: askedMaxAge } : {}),
  });
  await first.body?.cancel();
  return call(stronger.token);
}
