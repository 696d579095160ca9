import { randomBytes } from "node:crypto";
import { normalizeScope } from "../server/access-token.js";
import { SESSION_DEFAULTS, sessionCookieName, type SessionOptions } from "../server/config.js";
import { createRequestCookieJar } from "../server/cookies/request-cookie-jar.js";
import { createSessionStore } from "../server/session/session-store.js";
import { pickUser, type Session, type TokenSet } from "../server/session/session.js";

export interface MintSessionCookieOptions {
  /** The app's `STEPUP_SECRET` (the AuthClient's `secret`), at least 32 characters. */
  secret: string;
  /** The signed-in user's claims; kept as the SDK keeps ID token claims. */
  user: { sub: string; email?: string; name?: string; [claim: string]: unknown };
  tokens?: {
    /** Sent as `id_token_hint` on logout; default none. */
    idToken?: string;
    /** Needed for `getAccessToken` to run a refresh grant; default none. */
    refreshToken?: string;
    /** Access tokens already in the session, served by `getAccessToken` without a network call. */
    accessTokens?: Array<{
      audience: string;
      token: string;
      /** The requested scope it is stored under; default "" (the API's default scopes). */
      scope?: string;
      /** Seconds since the epoch; default one hour from now. */
      expiresAt?: number;
    }>;
  };
  /** The AuthClient's `cookie.name`; default `__stepup_session` (`__Host-stepup_session` when `secure`). */
  cookieName?: string;
  /** The `Secure` attribute; default false (tests run on http). */
  secure?: boolean;
  /** The AuthClient's `session` options: durations bound the cookie's lifetime. */
  session?: SessionOptions;
  /** Milliseconds since the epoch, as the AuthClient's clock sees it; default `Date.now`. */
  clock?: () => number;
}

export interface MintedSessionCookie {
  /** The `Cookie` request header value. */
  cookie: string;
  /** The cookies one by one (several when the session is chunked), e.g. for `createCookieJar`. */
  cookies: Array<{ name: string; value: string }>;
  /** The `Set-Cookie` header values, as `/auth/callback` would send them. */
  setCookie: string[];
}

/**
 * A session cookie that the SDK accepts as a real sign-in, sealed with the
 * same code and key derivation as `/auth/callback` (and chunked the same way
 * when large), so a test can call a route handler or a page as a signed-in
 * user without running the login.
 * @example
 * const { cookie } = await mintSessionCookie({ secret: process.env.STEPUP_SECRET!, user: { sub: "u1" } });
 * const response = await GET(new Request("http://localhost/api/me", { headers: { cookie } }));
 * @throws TypeError for a secret shorter than 32 characters or a user without `sub`.
 */
export async function mintSessionCookie(
  options: MintSessionCookieOptions,
): Promise<MintedSessionCookie> {
  if (typeof options?.secret !== "string" || options.secret.length < 32) {
    throw new TypeError('next-stepup: mintSessionCookie "secret" must be at least 32 characters');
  }
  if (typeof options.user?.sub !== "string" || options.user.sub === "") {
    throw new TypeError('next-stepup: mintSessionCookie needs "user.sub"');
  }
  const clock = options.clock ?? Date.now;
  const now = Math.floor(clock() / 1000);
  const secure = options.secure ?? false;
  const store = createSessionStore({
    secret: options.secret,
    clock,
    cookieName: sessionCookieName(options.cookieName ?? SESSION_DEFAULTS.cookieName, secure),
    secureCookies: secure,
    absoluteDuration: options.session?.absoluteDuration ?? SESSION_DEFAULTS.absoluteDuration,
    rollingDuration: options.session?.rollingDuration ?? SESSION_DEFAULTS.rollingDuration,
    maxTokenSets: options.session?.maxTokenSets ?? SESSION_DEFAULTS.maxTokenSets,
  });
  const tokenSets: TokenSet[] = (options.tokens?.accessTokens ?? []).map((entry) => ({
    audience: entry.audience,
    scope: normalizeScope(entry.scope),
    accessToken: entry.token,
    expiresAt: entry.expiresAt ?? now + 3600,
  }));
  const session: Session = {
    sid: randomBytes(16).toString("base64url"),
    user: pickUser(options.user),
    idToken: options.tokens?.idToken ?? "",
    ...(options.tokens?.refreshToken ? { refreshToken: options.tokens.refreshToken } : {}),
    tokenSets,
    createdAt: now,
    updatedAt: now,
  };
  // The same jar the routes write through, so the Set-Cookie lines are exactly theirs.
  const jar = createRequestCookieJar(new Request("http://mint.invalid/"));
  await store.write(jar, session);
  const cookies = jar.getAll();
  const setCookie = jar.applyTo(new Response(null)).headers.getSetCookie();
  return {
    cookie: cookies.map(({ name, value }) => `${name}=${value}`).join("; "),
    cookies,
    setCookie,
  };
}
