import * as oauth from "oauth4webapi";
import { z } from "zod";
import { StepUpError } from "../../errors/index.js";
import { POPUP_NONCE_PATTERN } from "../../shared/popup-message.js";
import { normalizeScope } from "../access-token.js";
import { toStepUpError } from "../oauth/oauth-error.js";
import { parseWith } from "./read-input.js";
import { redirect } from "./respond.js";
import { safeReturnTo } from "./return-to.js";
import type { RouteHandler } from "./route-context.js";

const querySchema = z.object({
  returnTo: z.string().max(2048).optional(),
  audience: z.string().min(1).max(512).optional(),
  scope: z.string().max(1024).optional(),
  acr_values: z.string().max(512).optional(),
  max_age: z
    .string()
    .regex(/^\d{1,9}$/, "must be a non-negative integer")
    .optional(),
  prompt: z.enum(["none", "login", "consent", "select_account"]).optional(),
  screen_hint: z.literal("signup").optional(),
  login_hint: z.string().max(320).optional(),
  // Popup mode (challengeWithPopup): the callback reports to the opener instead of redirecting.
  popup: z.literal("1").optional(),
  popup_nonce: z.string().regex(POPUP_NONCE_PATTERN, "must be 22-128 base64url chars").optional(),
});

/** `GET /auth/login`: authorization code + PKCE S256 with state and nonce (RFC 7636, OIDC Core 3.1.2). */
export const login: RouteHandler = async (request, { core, cookies }) => {
  const url = new URL(request.url);
  const query = parseWith(querySchema, Object.fromEntries(url.searchParams));
  if ((query.popup === "1") !== (query.popup_nonce !== undefined)) {
    throw new StepUpError(
      "invalid_request",
      'Invalid "popup_nonce": popup=1 needs one, and only it',
    );
  }
  const as = await core.oauth.getServer();
  if (!as.authorization_endpoint)
    throw toStepUpError(new Error("no authorization_endpoint"), "login");

  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const audience = query.audience ?? core.config.authorizationParams.audience;
  // An API's scope is asked for on top of the login's (openid …): without
  // openid there is no ID token, and the callback requires one.
  const scope = withDefaultScope(core.config.authorizationParams.scope, query.scope);

  const authorize = new URL(as.authorization_endpoint);
  const params: Record<string, string | undefined> = {
    client_id: core.config.clientId,
    response_type: "code",
    redirect_uri: callbackUrl(core.config.appBaseUrl, core.config.prefix),
    scope,
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    audience,
    acr_values: query.acr_values,
    max_age: query.max_age,
    prompt: query.prompt,
    screen_hint: query.screen_hint,
    login_hint: query.login_hint,
  };
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) authorize.searchParams.set(name, value);
  }

  await core.transactions.save(cookies, {
    state,
    nonce,
    codeVerifier,
    returnTo: safeReturnTo(query.returnTo, core.config.appBaseUrl),
    ...(audience ? { audience } : {}),
    scope: normalizeScope(query.scope),
    ...(query.max_age !== undefined ? { maxAge: Number(query.max_age) } : {}),
    ...(query.popup_nonce !== undefined ? { popupNonce: query.popup_nonce } : {}),
  });
  return redirect(authorize);
};

export function callbackUrl(appBaseUrl: URL, prefix: string): string {
  return `${appBaseUrl.origin}${prefix}/callback`;
}

function withDefaultScope(defaults: string, requested: string | undefined): string {
  const scopes = new Set(defaults.split(/\s+/).filter(Boolean));
  for (const scope of (requested ?? "").split(/\s+/)) if (scope) scopes.add(scope);
  return [...scopes].join(" ");
}
