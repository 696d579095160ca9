import { randomId, sha256Hex } from "../crypto/hash.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import { redirectResponse } from "../http/respond.js";
import type { PendingAuthorization } from "../store/authorization-requests.js";
import { insertAuthorizationCode } from "../store/authorization-codes.js";

/**
 * Ends a successful /authorize: stores a single-use code (hashed, 60 s) bound
 * to the client, redirect_uri, PKCE challenge and the authentication (with
 * the time of an MFA done in the browser, which the token grant honours), then
 * redirects with `code`, `state` and `iss` (RFC 9207).
 */
export async function completeAuthorization(
  deps: IssuerDeps,
  pending: PendingAuthorization,
  auth: {
    userId: string;
    authTime: number;
    amr: string[];
    lastMfaAt?: number | null;
    /** amr value → epoch ms of its last use; null when unknown (a session made before it was kept). */
    mfaTimes: Record<string, number> | null;
    /** The issuer login session (hashed id) that authorized this: its logout revokes what the code yields. */
    sessionHash: string;
  },
  headers: Headers = new Headers(),
): Promise<Response> {
  const code = randomId(32);
  const now = deps.clock();
  await insertAuthorizationCode(deps.db, {
    code_hash: sha256Hex(code),
    client_id: pending.clientId,
    user_id: auth.userId,
    redirect_uri: pending.redirectUri,
    scope: pending.scope,
    audience: pending.audience ?? null,
    nonce: pending.nonce ?? null,
    code_challenge: pending.codeChallenge,
    auth_time: auth.authTime,
    amr: auth.amr,
    last_mfa_at: auth.lastMfaAt ?? null,
    mfa_times: auth.mfaTimes,
    expires_at: now + LIMITS.authorizationCodeTtl * 1000,
    login_session_hash: auth.sessionHash,
  });
  const target = new URL(pending.redirectUri);
  target.searchParams.set("code", code);
  if (pending.state !== undefined) target.searchParams.set("state", pending.state);
  target.searchParams.set("iss", deps.issuer);
  return redirectResponse(target.toString(), headers);
}

/** Redirects an authorization error to the client (RFC 6749 §4.1.2.1). */
export function redirectError(
  deps: IssuerDeps,
  redirectUri: string,
  error: string,
  description: string,
  state: string | undefined,
): Response {
  const target = new URL(redirectUri);
  target.searchParams.set("error", error);
  target.searchParams.set("error_description", description);
  if (state !== undefined) target.searchParams.set("state", state);
  target.searchParams.set("iss", deps.issuer);
  return redirectResponse(target.toString());
}
