import { createHash } from "node:crypto";
import { textResponse } from "../../http/known-body.js";
import { z } from "zod";
import { StepUpError } from "../../../errors/index.js";
import { randomId, safeEqual, sha256Hex } from "../../crypto/hash.js";
import type { IssuerDeps } from "../../deps.js";
import type { Params } from "../../http/body.js";
import { parseWith, param } from "../../http/validate.js";
import type { IssuerClient } from "../../options.js";
import {
  consumeAuthorizationCode,
  findAuthorizationCode,
} from "../../store/authorization-codes.js";
import { insertRefreshFamily, revokeFamiliesFromCode } from "../../store/refresh-tokens.js";
import { apiFor } from "../../policy/audience-policy.js";
import { checkGrantPolicy, familyAuthentication } from "../../policy/grant-policy.js";
import { oidcPart, splitScope } from "../scopes.js";
import { signTokenResponse, storeRefreshToken, userinfoAudience } from "../tokens.js";

const schema = z.object({
  code: param,
  redirect_uri: param,
  // RFC 7636 §4.1: 43–128 unreserved characters.
  code_verifier: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/),
});

/**
 * grant_type=authorization_code (RFC 6749 §4.1.3, PKCE per RFC 7636 §4.6).
 * A code presented twice revokes the refresh family it produced (§4.1.2);
 * a refused exchange leaves it unspent.
 * The one grant policy decides what the code is worth: nothing under
 * `mfaEnforcement: "required"` without the MFA it asks for (the hosted
 * pages never issue such a code; this holds if one slips through); for an
 * API whose policy the login falls short of (an MFA with one of its
 * `factors`, fresh enough, enough distinct factors), an OIDC-only token whose
 * refresh grant then steps up.
 * @throws invalid_grant (403) unknown/used/expired code, wrong client, redirect_uri or verifier, or an MFA the issuer requires of every sign-in is missing
 */
export async function authorizationCodeGrant(
  params: Params,
  client: IssuerClient,
  deps: IssuerDeps,
): Promise<Response> {
  const input = parseWith(schema, params);
  const now = deps.clock();
  const codeHash = sha256Hex(input.code);
  // Checked before it is spent: only the rightful exchange (its client,
  // redirect_uri and PKCE verifier) uses the code up, so one who holds the
  // code but not the verifier cannot void the sign-in by presenting it.
  const code = await findAuthorizationCode(deps.db, codeHash);
  if (!code) throw new StepUpError("invalid_grant", "Unknown authorization code");
  if (code.consumed_at !== null) await refuseReuse(deps, codeHash, now);
  if (code.client_id !== client.clientId)
    throw new StepUpError("invalid_grant", "The code was issued to another client");
  if (code.expires_at <= now)
    throw new StepUpError("invalid_grant", "The authorization code has expired");
  if (code.redirect_uri !== input.redirect_uri)
    throw new StepUpError("invalid_grant", "redirect_uri does not match");
  const challenge = createHash("sha256").update(input.code_verifier).digest("base64url");
  if (!safeEqual(challenge, code.code_challenge))
    throw new StepUpError("invalid_grant", "PKCE verification failed");

  const policy = (api: ReturnType<typeof apiFor>) =>
    checkGrantPolicy(deps, deps.db, {
      userId: code.user_id,
      api,
      auth: familyAuthentication(code),
      now,
    });
  if ((await policy(undefined)) === "enforcement") {
    throw new StepUpError(
      "invalid_grant",
      "This account must complete multi-factor authentication",
    );
  }
  // Atomic: of two exchanges racing past the checks, one spends the code, the other is a reuse.
  const spent = await consumeAuthorizationCode(deps.db, codeHash, now);
  if (!spent || "reused" in spent) await refuseReuse(deps, codeHash, now);
  const family = {
    id: randomId(16),
    user_id: code.user_id,
    client_id: client.clientId,
    scope: code.scope,
    audience: code.audience,
    auth_time: code.auth_time,
    amr: code.amr,
    // An MFA done in the browser (hosted MFA step) counts for later refresh grants.
    last_mfa_at: code.last_mfa_at,
    mfa_times: code.mfa_times,
    code_hash: codeHash,
    created_at: now,
    revoked_at: null,
    last_used_at: now,
    current_token_sealed: null,
    login_session_hash: code.login_session_hash,
  };
  await insertRefreshFamily(deps.db, family);

  // A login for an API whose policy needs MFA the login did not do yields an
  // OIDC-only access token: the API token comes from the refresh grant, which
  // runs the step-up. After the hosted MFA step the API token comes right away.
  // A count of distinct factors is only met through the chained MFA grants.
  const api = code.audience ? apiFor(deps, code.audience) : undefined;
  const allowed = !api || (await policy(api)) === undefined;
  const audience = allowed && code.audience ? code.audience : userinfoAudience(deps);
  const scope = allowed ? code.scope : oidcPart(code.scope);
  const refreshToken = splitScope(code.scope).includes("offline_access")
    ? await storeRefreshToken(deps.db, deps, family.id, now)
    : undefined;
  const body = await signTokenResponse(deps, {
    family,
    audience,
    scope,
    ...(code.nonce ? { nonce: code.nonce } : {}),
    ...(refreshToken !== undefined ? { refreshToken } : {}),
  });
  return jsonTokenResponse(body);
}

/** RFC 6749 §4.1.2: a code used twice is refused, and what it issued is revoked. */
async function refuseReuse(deps: IssuerDeps, codeHash: string, now: number): Promise<never> {
  await revokeFamiliesFromCode(deps.db, codeHash, now);
  throw new StepUpError("invalid_grant", "The authorization code was already used");
}

export function jsonTokenResponse(body: Record<string, unknown>): Response {
  return textResponse(JSON.stringify(body), {
    status: 200,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      pragma: "no-cache",
    },
  });
}
