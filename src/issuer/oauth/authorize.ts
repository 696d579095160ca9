import { z } from "zod";
import { randomId, sha256Hex } from "../crypto/hash.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import { queryParams } from "../http/body.js";
import { COOKIE, readCookie, serializeCookie } from "../http/cookies.js";
import { htmlResponse } from "../http/respond.js";
import {
  insertAuthorizationRequest,
  type PendingAuthorization,
} from "../store/authorization-requests.js";
import { findLoginSession } from "../store/login-sessions.js";
import { renderLoginPage } from "../ui/login-page.js";
import { renderSignupPage } from "../ui/signup-page.js";
import { renderMessagePage } from "../ui/message-page.js";
import { completeAuthorization, redirectError } from "./complete-authorization.js";
import { hostedMfaNeeded } from "./mfa-step/requirement.js";
import { showMfaStep } from "./mfa-step/show-step.js";
import { allowedScopes, splitScope } from "./scopes.js";

const text = z.string().min(1).max(2048);
const optional = z.preprocess((value) => (value === "" ? undefined : value), text.optional());

const authorizeSchema = z.object({
  response_type: text,
  code_challenge: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  code_challenge_method: z.literal("S256"),
  state: optional,
  nonce: optional,
  scope: optional,
  audience: optional,
  prompt: optional,
  login_hint: optional,
  max_age: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce.number().int().min(0).optional(),
  ),
  acr_values: optional,
  screen_hint: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.enum(["signup", "login"]).optional(),
  ),
});

/**
 * GET /authorize (RFC 6749 §4.1.1 with PKCE, RFC 7636). An unknown client or
 * redirect_uri gets an HTML error page: redirecting there would make us an
 * open redirector. Other errors redirect back with `error`.
 */
export async function handleAuthorize(request: Request, deps: IssuerDeps): Promise<Response> {
  const query = queryParams(request);
  const clientId = typeof query.client_id === "string" ? query.client_id : undefined;
  const redirectUri = typeof query.redirect_uri === "string" ? query.redirect_uri : undefined;
  const client = clientId ? deps.clients.get(clientId) : undefined;
  if (!client) return errorPage("The application is not registered (unknown client_id).");
  if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
    return errorPage("The redirect_uri is not registered for this application.");
  }
  const state = typeof query.state === "string" ? query.state : undefined;
  if (query.response_type !== "code") {
    return redirectError(
      deps,
      redirectUri,
      "unsupported_response_type",
      "response_type must be code",
      state,
    );
  }
  const parsed = authorizeSchema.safeParse(query);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join(".") ?? "request";
    return redirectError(
      deps,
      redirectUri,
      "invalid_request",
      `Invalid or missing parameter: ${field}`,
      state,
    );
  }
  const params = parsed.data;
  const api = params.audience ? deps.apis.get(params.audience) : undefined;
  if (params.audience && !api) {
    return redirectError(deps, redirectUri, "invalid_request", "Unknown audience", state);
  }
  const allowed = allowedScopes(api);
  const scopes = splitScope(params.scope ?? "openid");
  if (scopes.some((scope) => !allowed.has(scope))) {
    return redirectError(
      deps,
      redirectUri,
      "invalid_scope",
      "A requested scope is not allowed",
      state,
    );
  }
  const prompts = splitScope(params.prompt);
  if (prompts.includes("none") && prompts.length > 1) {
    // OIDC Core §3.1.2.1: "none" with any other value is an error.
    return redirectError(
      deps,
      redirectUri,
      "invalid_request",
      "prompt=none cannot be combined with other values",
      state,
    );
  }
  const pending: PendingAuthorization = {
    clientId: client.clientId,
    redirectUri,
    scope: scopes.join(" "),
    codeChallenge: params.code_challenge,
    ...(params.state !== undefined ? { state: params.state } : {}),
    ...(params.nonce !== undefined ? { nonce: params.nonce } : {}),
    ...(params.audience !== undefined ? { audience: params.audience } : {}),
    ...(params.max_age !== undefined ? { maxAge: params.max_age } : {}),
    ...(params.login_hint !== undefined ? { loginHint: params.login_hint } : {}),
    ...(params.acr_values !== undefined ? { acrValues: params.acr_values } : {}),
    ...(params.screen_hint === "signup" ? { screenHint: "signup" as const } : {}),
  };

  // An issuer session skips the password unless the client forces a fresh
  // login (prompt=login) or the password is older than max_age; the MFA step
  // then runs when the request or the audience's policy needs an MFA the
  // session does not have (or not recent enough).
  const now = deps.clock();
  const sessionId = readCookie(request, COOKIE.session);
  const session = sessionId
    ? await findLoginSession(deps.db, sha256Hex(sessionId), now)
    : undefined;
  const fresh =
    session && (params.max_age === undefined || now - session.auth_time <= params.max_age * 1000);
  const reuse = session && fresh && !prompts.includes("login");
  const sessionAuth = session && {
    amr: session.amr,
    lastMfaAt: session.last_mfa_at,
    mfaTimes: session.mfa_times,
  };
  const needsMfa =
    reuse && (await hostedMfaNeeded(deps, pending, session.user_id, sessionAuth!, now));
  if (reuse && !needsMfa) {
    return completeAuthorization(deps, pending, {
      userId: session.user_id,
      authTime: Math.max(session.auth_time, session.last_mfa_at ?? 0),
      amr: session.amr,
      lastMfaAt: session.last_mfa_at,
      mfaTimes: session.mfa_times,
      sessionHash: session.id_hash,
    });
  }
  if (prompts.includes("none")) {
    // OIDC Core §3.1.2.6: no page may be shown; the client learns what the
    // user would have to do: sign in, or complete the MFA step.
    return reuse
      ? redirectError(
          deps,
          redirectUri,
          "interaction_required",
          "Multi-factor authentication is required",
          state,
        )
      : redirectError(deps, redirectUri, "login_required", "The user is not signed in", state);
  }

  const transaction = randomId(24);
  const headers = new Headers();
  let browser = readCookie(request, COOKIE.browser);
  if (!browser) {
    browser = randomId(24);
    headers.append(
      "set-cookie",
      serializeCookie(COOKIE.browser, browser, { secure: deps.secureCookies }),
    );
  }
  const idHash = sha256Hex(transaction);
  const progress = reuse
    ? {
        userId: session.user_id,
        authTime: session.auth_time,
        amr: session.amr,
        sessionHash: session.id_hash,
        ...(session.mfa_times ? { mfaTimes: session.mfa_times } : {}),
      }
    : undefined;
  await insertAuthorizationRequest(deps.db, {
    idHash,
    browserHash: sha256Hex(browser),
    params: pending,
    expiresAt: now + LIMITS.authorizationRequestTtl * 1000,
    ...(progress ? { progress } : {}),
  });
  if (progress) return showMfaStep(deps, { transaction, idHash, pending, progress }, { headers });
  const form = {
    displayName: deps.displayName,
    base: deps.issuer,
    transaction,
    ...(pending.loginHint ? { email: pending.loginHint } : {}),
  };
  const page =
    pending.screenHint === "signup"
      ? renderSignupPage(form)
      : renderLoginPage({ ...form, action: `${deps.issuer}/login` });
  return htmlResponse(page, 200, headers, new URL(pending.redirectUri).origin);
}

function errorPage(message: string): Response {
  return htmlResponse(renderMessagePage({ heading: "Sign-in error", message, isError: true }), 400);
}
