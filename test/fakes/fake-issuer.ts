/**
 * A small scripted authorization server for the SDK's unit tests: just enough
 * of PROTOCOL.md part A to drive one code path at a time. Flow tests use the
 * real issuer (src/testing) instead.
 */
export const FAKE_ISSUER = "http://issuer.test";
export const CLIENT_ID = "app";
export const CLIENT_SECRET = "app-secret";

export interface FakeIssuer {
  fetch: typeof fetch;
  /** Every request seen, for assertions on what was sent. */
  requests: Array<{ url: string; method: string; body: string; headers: Headers }>;
  /** A code the token endpoint will redeem, with the nonce the ID token must echo. */
  issueCode(nonce: string): string;
  /** Audiences whose refresh grant answers mfa_required until an MFA grant succeeded. */
  mfaAudiences: Set<string>;
  /** When set, the next token-endpoint call answers this (status, body, headers). */
  nextTokenAnswer?: { status: number; body: unknown; headers?: Record<string, string> };
  now: () => number;
}

const b64 = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** An unsigned-looking RS256 JWT: oauth4webapi checks claims, not signatures, on token responses. */
export function fakeJwt(claims: Record<string, unknown>): string {
  return `${b64({ alg: "RS256", typ: "JWT" })}.${b64(claims)}.c2ln`;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

export function createFakeIssuer(options: { now?: () => number; sub?: string } = {}): FakeIssuer {
  const now = options.now ?? Date.now;
  const sub = options.sub ?? "user-1";
  const codes = new Map<string, string>();
  const refreshTokens = new Map<string, { mfa: boolean }>();
  const mfaTokens = new Map<string, { audience: string; scope: string }>();
  let counter = 0;
  const seconds = () => Math.floor(now() / 1000);

  const tokens = (audience: string, mfa: boolean, nonce?: string, extra: object = {}) => {
    const refresh = `rt-${++counter}`;
    refreshTokens.set(refresh, { mfa });
    const iat = seconds();
    return json(200, {
      access_token: fakeJwt({
        aud: audience,
        sub,
        amr: mfa ? ["pwd", "mfa", "otp"] : ["pwd"],
        auth_time: iat,
        n: counter,
      }),
      id_token: fakeJwt({
        iss: FAKE_ISSUER,
        aud: CLIENT_ID,
        sub,
        email: "demo@example.com",
        iat,
        exp: iat + 600,
        ...(nonce ? { nonce } : {}),
      }),
      refresh_token: refresh,
      token_type: "Bearer",
      expires_in: 600,
      scope: "payments:write",
      ...extra,
    });
  };

  const fake: FakeIssuer = {
    requests: [],
    mfaAudiences: new Set(),
    now,
    issueCode(nonce) {
      const code = `code-${++counter}`;
      codes.set(code, nonce);
      return code;
    },
    fetch: async (input, init) => {
      const url = new URL(String(input instanceof Request ? input.url : input));
      const body = init?.body ? String(init.body) : "";
      const headers = new Headers(init?.headers);
      fake.requests.push({ url: url.href, method: init?.method ?? "GET", body, headers });
      if (url.origin !== FAKE_ISSUER) throw new TypeError("fetch failed");
      const form = new URLSearchParams(body);
      switch (url.pathname) {
        case "/.well-known/openid-configuration":
          return json(200, {
            issuer: FAKE_ISSUER,
            authorization_endpoint: `${FAKE_ISSUER}/authorize`,
            token_endpoint: `${FAKE_ISSUER}/oauth/token`,
            end_session_endpoint: `${FAKE_ISSUER}/oidc/logout`,
          });
        case "/oauth/token": {
          if (fake.nextTokenAnswer) {
            const answer = fake.nextTokenAnswer;
            delete fake.nextTokenAnswer;
            return json(answer.status, answer.body, answer.headers);
          }
          const grant = form.get("grant_type");
          if (grant === "authorization_code") {
            const nonce = codes.get(form.get("code") ?? "");
            if (nonce === undefined) return json(400, { error: "invalid_grant" });
            return tokens("", false, nonce);
          }
          if (grant === "refresh_token") {
            const entry = refreshTokens.get(form.get("refresh_token") ?? "");
            if (!entry) return json(403, { error: "invalid_grant" });
            refreshTokens.delete(form.get("refresh_token") ?? "");
            const audience = form.get("audience") ?? "";
            if (fake.mfaAudiences.has(audience) && !entry.mfa) {
              const mfaToken = `mfa-${++counter}`;
              mfaTokens.set(mfaToken, { audience, scope: form.get("scope") ?? "" });
              return json(403, {
                error: "mfa_required",
                error_description: "Multifactor authentication required",
                mfa_token: mfaToken,
                mfa_requirements: { challenge: [{ type: "otp" }] },
              });
            }
            return tokens(audience, entry.mfa);
          }
          const context = mfaTokens.get(form.get("mfa_token") ?? "");
          if (!context) return json(401, { error: "expired_token" });
          if (grant?.endsWith("mfa-otp") && form.get("otp") !== "123456") {
            return json(403, { error: "invalid_grant" });
          }
          mfaTokens.delete(form.get("mfa_token") ?? "");
          const extra = grant?.endsWith("mfa-recovery-code") ? { recovery_codes_remaining: 9 } : {};
          return tokens(context.audience, true, undefined, extra);
        }
        case "/mfa/authenticators": {
          const token = headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
          if (!mfaTokens.has(token)) return json(401, { error: "invalid_token" });
          return json(200, [
            { id: "totp|1", authenticator_type: "otp", active: true },
            { id: "email|2", authenticator_type: "oob", active: true },
            { id: "recovery-code|3", authenticator_type: "recovery-code", active: true },
          ]);
        }
        case "/mfa/associate":
          return json(200, {
            authenticator_type: "otp",
            id: "totp|9",
            secret: "JBSWY3DPEHPK3PXP",
            barcode_uri: "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
            recovery_codes: ["ABCD"],
          });
        case "/mfa/challenge":
          return json(200, { challenge_type: "otp" });
        default:
          return json(404, { error: "not_found" });
      }
    },
  };
  return fake;
}
