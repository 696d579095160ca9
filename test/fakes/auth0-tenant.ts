/**
 * A recorded Auth0 tenant: an in-process fetch handler that answers as
 * Auth0's Authentication API documentation shows, request by request (each
 * handler cites its page). The SDK's flow tests run against it and against
 * our issuer alike (test/helpers/tenants.ts). Where a page leaves a detail
 * out (a status, an error text), the comment says what was assumed.
 *
 * Its "Action" is the one nextjs-auth0 documents for step-up
 * (../shared/reference/nextjs-auth0-examples-mfa.txt, "MFA Tenant
 * Configuration"): on a refresh_token grant for a protected API it calls
 * `challengeWithAny` with the user's factors, or `enrollWithAny` when there
 * are none; `api.access.deny` for a denied API; and, with `actionClaims`,
 * the namespaced auth_time/amr claims EXAMPLES.md's Action adds.
 */
import { fakeJwt } from "./fake-issuer.js";
import { handleMfaApi, type MfaApiState } from "./auth0-tenant-mfa.js";

export const AUTH0_DOMAIN = "https://tenant.auth0.test";
/** Auth0's `iss` ends with a slash. */
export const AUTH0_ISSUER = `${AUTH0_DOMAIN}/`;
export const AUTH0_CLIENT_ID = "auth0-client";
export const AUTH0_CLIENT_SECRET = "auth0-client-secret";
export const AUTH0_MFA_AUDIENCE = `${AUTH0_DOMAIN}/mfa/`;
/** The namespace of the claims EXAMPLES.md's Action adds to access tokens. */
export const ACTION_CLAIMS = {
  authTime: "https://example.com/auth_time",
  amr: "https://example.com/amr",
} as const;

export interface Auth0Authenticator {
  /** `totp|dev_…`, `sms|dev_…`, `push|dev_…` as Auth0 lists them. */
  id: string;
  type: "otp" | "sms" | "push";
  active: boolean;
  secret?: string;
  phone?: string;
  createdAt: number;
}

export interface Auth0User {
  sub: string;
  email: string;
  authenticators: Auth0Authenticator[];
  /** Auth0 keeps one recovery code per user; a recovery-code grant replaces it. */
  recoveryCode?: string;
  /** The code given with a first factor, active once that factor is confirmed. */
  pendingRecoveryCode?: string;
  /** The session's authentication methods (Actions' `event.authentication.methods`). */
  methods: Array<{ name: string; timestamp: number }>;
}

export interface Auth0TenantOptions {
  now: () => number;
  /** APIs whose refresh grant the Action steps up (the MFA API audience always is). */
  stepUpAudiences: string[];
  /** APIs the Action denies with `api.access.deny(reason)`. */
  deniedAudiences?: string[];
  /** Add EXAMPLES.md's namespaced auth_time/amr claims to access tokens. */
  actionClaims?: boolean;
}

export interface Auth0Tenant {
  fetch: typeof fetch;
  users: Map<string, Auth0User>;
  addUser(): Auth0User;
  /** Who the next /authorize signs in (Universal Login is not recorded: it signs in at once). */
  signInAs(user: Auth0User): void;
  /** What the user's phone received (SMS codes), newest last. */
  sms: Map<string, string[]>;
  /** The Guardian app: answers the newest pending push of the user. */
  answerPush(user: Auth0User, answer: "accept" | "reject"): void;
  /** The next request answers 429 too_many_requests, its limit resetting in `seconds`. */
  rateLimitNext(seconds: number): void;
  /** Test hook, not a recording: the next request to `path` answers this. */
  answerNext(path: string, status: number, body: unknown): void;
  requests: Array<{ method: string; path: string; body: string }>;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

let counter = 0;
const next = (prefix: string) =>
  `${prefix}${(++counter).toString(36)}${Math.random().toString(36).slice(2, 10)}`;

export function createAuth0Tenant(options: Auth0TenantOptions): Auth0Tenant {
  const seconds = () => Math.floor(options.now() / 1000);
  const users = new Map<string, Auth0User>();
  const codes = new Map<string, { sub: string; nonce: string | null }>();
  const refreshTokens = new Map<string, string>();
  let signInUser: Auth0User | undefined;
  let rateLimit: number | undefined;
  let scripted: { path: string; status: number; body: unknown } | undefined;
  const state: MfaApiState = {
    now: options.now,
    users,
    mfaTokens: new Map(),
    oob: new Map(),
    sms: new Map(),
    accessTokenSubject: (token, scope) => accessTokenSubject(token, scope),
    tokens: () => {
      throw new Error("set below");
    },
  };

  /** Tokens as Auth0's token endpoint answers them (same shape for every grant). */
  const tokens: MfaApiState["tokens"] = (user, audience, scope, extra = {}) => {
    const iat = seconds();
    const refresh = next("v1.rt-");
    refreshTokens.set(refresh, user.sub);
    const lastAuth = Math.max(...user.methods.map((m) => m.timestamp));
    const amr = [...new Set(user.methods.map((m) => m.name))];
    const { nonce, ...fields } = extra;
    return json(200, {
      // Auth0's access tokens carry no amr or auth_time; an Action may add namespaced ones.
      access_token: fakeJwt({
        iss: AUTH0_ISSUER,
        sub: user.sub,
        aud: audience === "" ? `${AUTH0_ISSUER}userinfo` : [audience, `${AUTH0_ISSUER}userinfo`],
        iat,
        exp: iat + 86400,
        azp: AUTH0_CLIENT_ID,
        scope,
        ...(options.actionClaims
          ? { [ACTION_CLAIMS.authTime]: lastAuth, [ACTION_CLAIMS.amr]: amr }
          : {}),
      }),
      // …while its ID tokens do (https://auth0.com/docs/secure/tokens/id-tokens/id-token-structure).
      id_token: fakeJwt({
        iss: AUTH0_ISSUER,
        sub: user.sub,
        aud: AUTH0_CLIENT_ID,
        iat,
        exp: iat + 36000,
        email: user.email,
        auth_time: lastAuth,
        ...(amr.includes("mfa") ? { amr: ["mfa"] } : {}),
        ...(nonce !== undefined ? { nonce } : {}),
      }),
      refresh_token: refresh,
      scope,
      expires_in: 86400,
      token_type: "Bearer",
      ...fields,
    });
  };
  state.tokens = tokens;

  /** The subject of one of our MFA API access tokens that holds `scope`, else undefined. */
  function accessTokenSubject(token: string, scope: string): string | undefined {
    try {
      const claims = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));
      const audiences = [claims.aud].flat();
      if (!audiences.includes(AUTH0_MFA_AUDIENCE) || claims.exp <= seconds()) return undefined;
      return String(claims.scope).split(" ").includes(scope) ? claims.sub : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * POST /oauth/token, refresh_token grant
   * (https://auth0.com/docs/api/authentication/refresh-token/refresh-token):
   * the post-login Action runs on it
   * (https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger).
   * `max_age` is not a parameter of this grant: it is ignored.
   */
  const refreshGrant = (form: URLSearchParams): Response => {
    const refreshToken = form.get("refresh_token") ?? "";
    const sub = refreshTokens.get(refreshToken);
    if (!sub) {
      return json(403, {
        error: "invalid_grant",
        error_description: "Unknown or invalid refresh token.",
      });
    }
    const user = users.get(sub)!;
    const audience = form.get("audience") ?? "";
    const scope = form.get("scope") ?? "openid profile email offline_access";
    if (options.deniedAudiences?.includes(audience)) {
      // api.access.deny(reason): the token endpoint answers `unauthorized` with the
      // reason as description (the status is not on the page; 401 assumed).
      return json(401, { error: "unauthorized", error_description: "Payments are closed today." });
    }
    if (audience === AUTH0_MFA_AUDIENCE || options.stepUpAudiences.includes(audience)) {
      // The nextjs-auth0 Action: challengeWithAny(otp, phone, push-notification,
      // email, recovery-code) or enrollWithAny(otp, phone, push-notification).
      const mfaToken = next("Fe26.2**mfa-");
      state.mfaTokens.set(mfaToken, {
        sub,
        audience,
        scope,
        expiresAt: options.now() + 300_000,
      });
      const active = user.authenticators.filter((a) => a.active);
      const requirements =
        active.length > 0
          ? {
              challenge: [
                ...new Set(
                  active.map((a) =>
                    a.type === "sms" ? "phone" : a.type === "push" ? "push-notification" : "otp",
                  ),
                ),
                ...(user.recoveryCode ? ["recovery-code"] : []),
              ].map((type) => ({ type })),
            }
          : { enroll: [{ type: "otp" }, { type: "phone" }, { type: "push-notification" }] };
      // https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa/enroll-and-challenge-push-authenticators ("Customize MFA")
      return json(403, {
        error: "mfa_required",
        error_description: "Multifactor authentication required",
        mfa_token: mfaToken,
        mfa_requirements: requirements,
      });
    }
    refreshTokens.delete(refreshToken); // rotated
    return tokens(user, audience, scope);
  };

  const tenant: Auth0Tenant = {
    users,
    sms: state.sms,
    requests: [],
    addUser() {
      const user: Auth0User = {
        sub: next("auth0|"),
        email: `${next("user-")}@example.com`,
        authenticators: [],
        methods: [],
      };
      users.set(user.sub, user);
      return user;
    },
    signInAs(user) {
      signInUser = user;
    },
    answerPush(user, answer) {
      const pending = [...state.oob.values()]
        .reverse()
        .find((o) => o.sub === user.sub && o.channel === "push" && o.status === "pending");
      if (!pending) throw new TypeError("No push is pending");
      pending.status = answer === "accept" ? "accepted" : "rejected";
    },
    rateLimitNext(resetIn) {
      rateLimit = resetIn;
    },
    answerNext(path, status, body) {
      scripted = { path, status, body };
    },
    fetch: async (input, init) => {
      const url = new URL(String(input instanceof Request ? input.url : input));
      const body = init?.body ? String(init.body) : "";
      const method = init?.method ?? "GET";
      tenant.requests.push({ method, path: url.pathname, body });
      if (url.origin !== AUTH0_DOMAIN) throw new TypeError("fetch failed");
      if (scripted?.path === url.pathname) {
        const { status, body: answer } = scripted;
        scripted = undefined;
        return json(status, answer);
      }
      if (rateLimit !== undefined) {
        // https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy:
        // 429 with X-RateLimit-Limit / -Remaining / -Reset (epoch seconds).
        const reset = seconds() + rateLimit;
        rateLimit = undefined;
        return json(
          429,
          { error: "too_many_requests", error_description: "Global limit has been reached" },
          {
            "x-ratelimit-limit": "10",
            "x-ratelimit-remaining": "0",
            "x-ratelimit-reset": String(reset),
          },
        );
      }
      if (url.pathname === "/.well-known/openid-configuration") {
        // https://auth0.com/docs/get-started/applications/configure-applications-with-oidc-discovery:
        // no grant_types_supported with the MFA grants, no recovery-codes endpoint.
        return json(200, {
          issuer: AUTH0_ISSUER,
          authorization_endpoint: `${AUTH0_ISSUER}authorize`,
          token_endpoint: `${AUTH0_ISSUER}oauth/token`,
          userinfo_endpoint: `${AUTH0_ISSUER}userinfo`,
          mfa_challenge_endpoint: `${AUTH0_ISSUER}mfa/challenge`,
          jwks_uri: `${AUTH0_ISSUER}.well-known/jwks.json`,
          revocation_endpoint: `${AUTH0_ISSUER}oauth/revoke`,
          end_session_endpoint: `${AUTH0_ISSUER}oidc/logout`,
          response_types_supported: ["code"],
          code_challenge_methods_supported: ["S256", "plain"],
          token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
          id_token_signing_alg_values_supported: ["HS256", "RS256", "PS256"],
        });
      }
      if (url.pathname === "/authorize") {
        // https://auth0.com/docs/api/authentication/authorization-code-flow-with-pkce/authorize-with-pkce
        const user = signInUser;
        if (!user) return json(400, { error: "invalid_request" });
        user.methods = [{ name: "pwd", timestamp: seconds() }];
        const code = next("code-");
        codes.set(code, { sub: user.sub, nonce: url.searchParams.get("nonce") });
        const back = new URL(url.searchParams.get("redirect_uri")!);
        back.searchParams.set("code", code);
        back.searchParams.set("state", url.searchParams.get("state") ?? "");
        return new Response(null, { status: 302, headers: { location: back.href } });
      }
      if (url.pathname === "/oauth/token") {
        const form = new URLSearchParams(body);
        // Client authentication (client_secret_post), as every token request.
        if (
          form.get("client_id") !== AUTH0_CLIENT_ID ||
          form.get("client_secret") !== AUTH0_CLIENT_SECRET
        ) {
          return json(401, { error: "access_denied", error_description: "Unauthorized" });
        }
        const grant = form.get("grant_type");
        if (grant === "authorization_code") {
          // https://auth0.com/docs/api/authentication/authorization-code-flow-with-pkce/get-token-pkce
          const entry = codes.get(form.get("code") ?? "");
          codes.delete(form.get("code") ?? "");
          if (!entry || !form.get("code_verifier")) {
            return json(403, {
              error: "invalid_grant",
              error_description: "Invalid authorization code",
            });
          }
          const scope = form.get("scope") ?? "openid profile email offline_access";
          return tokens(users.get(entry.sub)!, "", scope, {
            ...(entry.nonce ? { nonce: entry.nonce } : {}),
          });
        }
        if (grant === "refresh_token") return refreshGrant(form);
        return handleMfaApi(state, "POST", "/oauth/token", form, null);
      }
      return handleMfaApi(state, method, url.pathname, body, new Headers(init?.headers));
    },
  };
  return tenant;
}
