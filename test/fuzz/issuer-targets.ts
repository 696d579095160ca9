import fc from "fast-check";
import { ROUTES } from "../../src/issuer/routes.js";
import { hostileString } from "./arbitraries.js";
import { ALL_FIELDS } from "./field-values.js";
import type { FuzzRequest } from "./fuzz-request.js";
import { routeRequests } from "./route-requests.js";
import type { ErrorStyle } from "./invariants.js";
import type { FuzzTarget } from "./run-fuzz.js";

/**
 * The issuer's routes as fuzz targets. Every route of the route table
 * (src/issuer/routes.ts) is a target, so a new route is fuzzed as soon as
 * it exists; ROUTE_MODELS says what a route reads (its fields, the tokens
 * and cookies worth sending) so the fuzz reaches past its first checks.
 * A route with no model is fuzzed with every known field and credential.
 * The token endpoint is one target per grant type of discovery, with the
 * grant's fields from GRANT_FIELDS.
 */
export type IssuerGroup = "oauth" | "mfa" | "hosted";

interface RouteModel {
  group: IssuerGroup;
  fields: readonly string[];
  style?: ErrorStyle;
  /** Placeholders for the Authorization header (besides junk and Basic). */
  tokens?: readonly string[];
  /** Scope of field value overrides (see field-values.ts). */
  scope?: string;
  /** Requests to generate; DEFAULT_RUNS otherwise. */
  runs?: number;
}

const DEFAULT_RUNS = 150;
const COOKIE_NAMES = ["stepup_issuer_browser", "stepup_issuer_session"];
/** The issuer's body cap (LIMITS.maxBodyBytes), and the SDK's. */
const CAPS = [64 * 1024, 16 * 1024];
const CLIENT_AUTH = ["client_id", "client_secret"];
const ALL_TOKENS = [
  "{{mfa_token}}",
  "{{mfa_api_token}}",
  "{{admin_token}}",
  "{{access_token}}",
  "{{id_token}}",
  "{{refresh_token}}",
];
const ADMIN_TOKENS = [
  "{{admin_token}}",
  "{{admin_token}}",
  "{{admin_token}}",
  "{{mfa_api_token}}",
  "{{access_token}}",
];
const MFA_TOKENS = [
  "{{mfa_token}}",
  "{{mfa_token}}",
  "{{mfa_api_token}}",
  "{{mfa_api_token}}",
  "{{admin_token}}",
  "{{access_token}}",
];
const HOSTED = { group: "hosted", style: "html", tokens: [] } as const;

const ROUTE_MODELS: Record<string, RouteModel> = {
  "GET /.well-known/openid-configuration": { group: "oauth", fields: [], runs: 60 },
  "GET /.well-known/jwks.json": { group: "oauth", fields: [], runs: 60 },
  "GET /authorize": {
    group: "oauth",
    style: "authorize",
    runs: 300,
    fields: [
      "client_id",
      "redirect_uri",
      "response_type",
      "code_challenge",
      "code_challenge_method",
      "state",
      "nonce",
      "scope",
      "audience",
      "prompt",
      "login_hint",
      "max_age",
      "acr_values",
      "screen_hint",
    ],
  },
  "POST /oauth/revoke": {
    group: "oauth",
    fields: ["token", "token_type_hint", ...CLIENT_AUTH],
    runs: 150,
  },
  "GET /userinfo": { group: "oauth", fields: [], tokens: ALL_TOKENS, runs: 200 },
  "POST /userinfo": { group: "oauth", fields: ["access_token"], tokens: ALL_TOKENS, runs: 60 },
  "GET /oidc/logout": {
    group: "oauth",
    style: "html",
    fields: ["id_token_hint", "post_logout_redirect_uri", "client_id", "state"],
    runs: 150,
  },
  "POST /oidc/logout": {
    group: "oauth",
    style: "html",
    fields: ["id_token_hint", "post_logout_redirect_uri", "client_id", "state"],
    runs: 100,
  },
  "GET /dev/outbox": { group: "oauth", style: "html", fields: ["to", "channel"], runs: 60 },
  "GET /mfa/authenticators": { group: "mfa", fields: ["client_id"], tokens: MFA_TOKENS, runs: 150 },
  "POST /mfa/associate": {
    group: "mfa",
    fields: ["authenticator_types", "oob_channels", "email", "phone_number", ...CLIENT_AUTH],
    tokens: MFA_TOKENS,
    runs: 350,
  },
  "POST /mfa/challenge": {
    group: "mfa",
    fields: ["mfa_token", "challenge_type", "authenticator_id", ...CLIENT_AUTH],
    runs: 350,
  },
  "DELETE /mfa/authenticators/{id}": { group: "mfa", fields: [], tokens: MFA_TOKENS, runs: 150 },
  "POST /mfa/recovery-codes": { group: "mfa", fields: [], tokens: MFA_TOKENS, runs: 100 },
  "GET /api/v2/users-by-email": {
    group: "mfa",
    fields: ["email"],
    tokens: ADMIN_TOKENS,
    runs: 100,
  },
  "GET /api/v2/users/{userId}/authenticators": { group: "mfa", fields: [], tokens: ADMIN_TOKENS },
  "DELETE /api/v2/users/{userId}/authenticators": {
    group: "mfa",
    fields: [],
    tokens: ADMIN_TOKENS,
  },
  "DELETE /api/v2/users/{userId}/authenticators/{authenticatorId}": {
    group: "mfa",
    fields: [],
    tokens: ADMIN_TOKENS,
  },
  "GET /api/v2/users/{userId}/mfa-exemption": { group: "mfa", fields: [], tokens: ADMIN_TOKENS },
  "PUT /api/v2/users/{userId}/mfa-exemption": {
    group: "mfa",
    fields: ["reason"],
    tokens: ADMIN_TOKENS,
  },
  "DELETE /api/v2/users/{userId}/mfa-exemption": { group: "mfa", fields: [], tokens: ADMIN_TOKENS },
  "GET /api/v2/users/{userId}/events": { group: "mfa", fields: ["limit"], tokens: ADMIN_TOKENS },
  "POST /login": {
    ...HOSTED,
    fields: ["transaction", "email", "password", "screen"],
    scope: "login",
    runs: 450,
  },
  "POST /signup": {
    ...HOSTED,
    fields: ["transaction", "email", "name", "password", "screen"],
    scope: "login",
    runs: 300,
  },
  "POST /signup/verify": { ...HOSTED, fields: ["transaction", "code"], scope: "signup", runs: 300 },
  "POST /login/mfa/verify": {
    ...HOSTED,
    fields: ["transaction", "authenticator", "code"],
    scope: "hosted",
    runs: 450,
  },
  "POST /login/mfa/choose": { ...HOSTED, fields: ["transaction", "authenticator"], runs: 300 },
  "POST /login/mfa/continue": { ...HOSTED, fields: ["transaction"], runs: 300 },
};

/** The grants' own fields (PROTOCOL.md part A); a grant missing here gets every grant field. */
const GRANT_FIELDS: Record<string, readonly string[]> = {
  authorization_code: ["code", "redirect_uri", "code_verifier"],
  refresh_token: ["refresh_token", "audience", "scope", "max_age"],
  client_credentials: ["audience", "scope"],
  "http://auth0.com/oauth/grant-type/mfa-otp": ["mfa_token", "otp"],
  "http://auth0.com/oauth/grant-type/mfa-oob": ["mfa_token", "oob_code", "binding_code"],
  "http://auth0.com/oauth/grant-type/mfa-recovery-code": ["mfa_token", "recovery_code"],
  "urn:next-stepup:grant-type:mfa-webauthn": ["mfa_token", "oob_code", "webauthn_response"],
};
const EVERY_GRANT_FIELD = [...new Set(Object.values(GRANT_FIELDS).flat())];
const TOKEN_RUNS = 260;

/** Path segments: non-GET calls never name the fixture user's own factors or account. */
function issuerSegments(name: string, readOnly: boolean): readonly string[] {
  if (name === "userId")
    return readOnly
      ? ["{{user_id}}", "{{victim_user_id}}", "nope"]
      : ["{{victim_user_id}}", "nope"];
  const others = ["{{victim_totp_id}}", "totp|nope", "email|nope", "recovery-code|x"];
  return readOnly ? ["{{totp_id}}", "{{email_id}}", ...others] : others;
}

/** Every issuer target of `group` but the token endpoint's (see tokenTargets). */
export function issuerTargets(group: IssuerGroup, issuer: string): FuzzTarget[] {
  const origins = [issuer, "http://app.test"];
  const cookies = [
    "{{issuer_cookies}}",
    "{{issuer_cookies}}",
    "{{browser_cookie}}",
    "{{session_cookie}}",
  ];
  const targets: FuzzTarget[] = [];
  for (const key of Object.keys(ROUTES)) {
    const [method, pattern] = key.split(" ") as [string, string];
    if (key === TOKEN_ROUTE) continue;
    const model: RouteModel = ROUTE_MODELS[key] ?? {
      group: "oauth",
      fields: ALL_FIELDS,
      tokens: ALL_TOKENS,
    };
    if (model.group !== group) continue;
    targets.push({
      name: key,
      style: model.style ?? "json",
      runs: model.runs ?? DEFAULT_RUNS,
      requests: routeRequests(method, pattern, [model.fields], {
        tokens: model.tokens ?? ALL_TOKENS,
        origins,
        cookies,
        cookieNames: COOKIE_NAMES,
        segments: issuerSegments,
        caps: CAPS,
        ...(model.scope ? { scope: model.scope } : {}),
      }),
    });
  }
  return targets;
}

export const TOKEN_ROUTE = "POST /oauth/token";

/** POST /oauth/token: one target per grant type (from discovery), and one for grant types that do not exist. */
export function tokenTargets(grantTypes: readonly string[], issuer: string): FuzzTarget[] {
  const options = {
    tokens: [],
    origins: [issuer, "http://app.test"],
    cookies: [],
    cookieNames: COOKIE_NAMES,
    segments: issuerSegments,
    caps: CAPS,
  };
  const bogus = [
    "password",
    "implicit",
    "urn:ietf:params:oauth:grant-type:device_code",
    "",
    "__proto__",
    "toString",
  ];
  const targets = grantTypes.map((grant) => ({
    name: `POST /oauth/token grant_type=${grant}`,
    style: "json" as const,
    runs: TOKEN_RUNS,
    requests: routeRequests(
      "POST",
      "/oauth/token",
      [["grant_type", ...CLIENT_AUTH, ...(GRANT_FIELDS[grant] ?? EVERY_GRANT_FIELD)]],
      options,
    ).map((request) => withGrantType(request, grant, false)),
  }));
  targets.push({
    name: "POST /oauth/token grant_type=(unsupported)",
    style: "json",
    runs: 100,
    requests: fc
      .tuple(
        routeRequests(
          "POST",
          "/oauth/token",
          [["grant_type", ...CLIENT_AUTH, ...EVERY_GRANT_FIELD]],
          options,
        ),
        fc.oneof(fc.constantFrom(...bogus), hostileString),
      )
      .map(([request, grant]) => withGrantType(request, grant, true)),
  });
  return targets;
}

/** Puts `grant` first in a field body; with `keepOthers`, generated grant_type fields stay after it (a repeated grant_type). */
function withGrantType(request: FuzzRequest, grant: string, keepOthers: boolean): FuzzRequest {
  const body = request.body;
  if (body?.kind !== "fields") return request;
  const rest = keepOthers ? body.entries : body.entries.filter(([k]) => k !== "grant_type");
  return { ...request, body: { ...body, entries: [["grant_type", grant], ...rest] } };
}
