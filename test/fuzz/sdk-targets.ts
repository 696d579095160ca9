import fc from "fast-check";
import { ROUTES } from "../../src/server/routes/route-table.js";
import { ALL_FIELDS } from "./field-values.js";
import { fuzzHeaders, type FuzzRequest } from "./fuzz-request.js";
import type { ErrorStyle } from "./invariants.js";
import { routeRequests, type RouteRequestOptions } from "./route-requests.js";
import type { FuzzTarget } from "./run-fuzz.js";
import { APP } from "./sdk-fixture.js";

/**
 * The SDK's entry points as fuzz targets: every route of the `/auth` route
 * table (src/server/routes/route-table.ts) through `auth.handler`, so a new
 * route is fuzzed as soon as it is in the table, then `auth.middleware`
 * over any path and `auth.requireStepUp` on a guarded page. SDK_MODELS
 * says what a route reads; a route with no model gets every known field.
 */
export type SdkEntry = "handler" | "middleware" | "requireStepUp";

export interface SdkTarget extends FuzzTarget {
  entry: SdkEntry;
}

interface SdkModel {
  /** One of these field sets per request (a verify carries one proof). */
  fieldSets: ReadonlyArray<readonly string[]>;
  runs?: number;
  style?: ErrorStyle;
}

const DEFAULT_RUNS = 150;
const PREFIX = "/auth";

const SDK_MODELS: Record<string, SdkModel> = {
  "GET /login": {
    fieldSets: [
      [
        "returnTo",
        "audience",
        "scope",
        "acr_values",
        "max_age",
        "prompt",
        "screen_hint",
        "login_hint",
        "popup",
        "popup_nonce",
      ],
    ],
    runs: 250,
  },
  "GET /callback": { fieldSets: [["code", "state", "iss"]], runs: 250, style: "popup" },
  "GET /logout": { fieldSets: [["returnTo"]], runs: 150 },
  "POST /logout": { fieldSets: [["returnTo"]], runs: 100 },
  "GET /profile": { fieldSets: [[]], runs: 200 },
  "GET /mfa/authenticators": { fieldSets: [[]], runs: 200 },
  "POST /mfa/associate": {
    fieldSets: [["authenticator_types", "oob_channels", "email", "phone_number"]],
    runs: 350,
  },
  "POST /mfa/challenge": { fieldSets: [["challenge_type", "authenticator_id"]], runs: 300 },
  "POST /mfa/verify": {
    fieldSets: [
      ["otp"],
      ["oob_code", "binding_code"],
      ["recovery_code"],
      ["oob_code", "webauthn_response"],
    ],
    runs: 450,
  },
  "POST /mfa/context": { fieldSets: [[]], runs: 200 },
  "DELETE /mfa/authenticators/*": { fieldSets: [[]], runs: 150 },
  "POST /mfa/recovery-codes": { fieldSets: [[]], runs: 150 },
  "GET /mfa/factors": { fieldSets: [[]], runs: 250 },
};

const OPTIONS: RouteRequestOptions = {
  tokens: ["{{context}}", "{{context}}", "{{other_context}}", "{{expired_context}}"],
  origins: [APP, APP, "http://evil.example"],
  cookies: [
    "{{session_cookie}}",
    "{{session_cookie}}",
    "{{session_cookie}}; {{pending_cookie}}",
    "{{other_session_cookie}}",
    "{{txn_cookie}}",
    "{{session_cookie}}; {{txn_cookie}}",
    "{{stepped_session_cookie}}",
  ],
  cookieNames: [
    "__stepup_session",
    "__stepup_session.0",
    "__stepup_session_txn",
    "__stepup_session_mfa",
  ],
  // The signed-in user's own TOTP is never deleted (it is what the fuzz verifies against).
  segments: (_name, readOnly) =>
    readOnly ? ["{{totp_id}}", "totp|nope"] : ["totp|nope", "email|x", "recovery-code|x"],
  caps: [16 * 1024],
};

/** Every SDK target. */
export function sdkTargets(): SdkTarget[] {
  const targets: SdkTarget[] = [];
  for (const [path, methods] of Object.entries(ROUTES)) {
    for (const method of Object.keys(methods)) {
      const model = SDK_MODELS[`${method} ${path}`] ?? { fieldSets: [ALL_FIELDS] };
      let requests = routeRequests(method, `${PREFIX}${path}`, model.fieldSets, OPTIONS);
      if (path === "/callback") requests = withCallbackQuery(requests);
      targets.push({
        name: `${method} ${PREFIX}${path}`,
        entry: "handler",
        style: model.style ?? "json",
        runs: model.runs ?? DEFAULT_RUNS,
        requests,
      });
    }
  }
  targets.push({
    name: "auth.middleware",
    entry: "middleware",
    style: "json",
    runs: 400,
    requests: anyPath(),
  });
  targets.push({
    name: "auth.requireStepUp",
    entry: "requireStepUp",
    style: "json",
    runs: 400,
    requests: anyPath(),
  });
  return targets;
}

/** A third of the callbacks carry the live login's code and state (with its cookie, or not). */
function withCallbackQuery(requests: fc.Arbitrary<FuzzRequest>): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(requests, fc.nat(2))
    .map(([request, pick]) =>
      pick === 0 ? { ...request, path: `${PREFIX}/callback?{{callback_query}}` } : request,
    );
}

/** Any request of the app: one of the /auth routes, pages, near misses of the prefix. */
function anyPath(): fc.Arbitrary<FuzzRequest> {
  const routeRequest = fc
    .constantFrom(...Object.entries(ROUTES))
    .chain(([path, methods]) =>
      fc
        .constantFrom(...Object.keys(methods))
        .chain((method) =>
          routeRequests(
            method,
            `${PREFIX}${path}`,
            SDK_MODELS[`${method} ${path}`]?.fieldSets ?? [ALL_FIELDS],
            OPTIONS,
          ),
        ),
    );
  const page = fc
    .record({
      method: fc.constantFrom("GET", "POST", "HEAD", "PUT"),
      path: fc.constantFrom(
        "/",
        "/pay",
        "/dashboard?x=1",
        "/auth",
        "/auth/",
        "/authx/login",
        "/auth/nope",
        "/auth//login",
        "/auth/mfa/authenticators/",
        "/auth/%2e%2e/login",
        "/_next/static/x.js",
      ),
      headers: fuzzHeaders({
        tokens: OPTIONS.tokens,
        cookies: OPTIONS.cookies,
        cookieNames: OPTIONS.cookieNames,
        origins: OPTIONS.origins,
      }),
      action: fc.boolean(),
    })
    .map(({ action, ...request }): FuzzRequest => ({
      ...request,
      headers: action ? [...request.headers, ["next-action", "abc"]] : request.headers,
    }));
  return fc.oneof(routeRequest, page);
}
