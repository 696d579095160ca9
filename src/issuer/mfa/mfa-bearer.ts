import { StepUpError } from "../../errors/index.js";
import type { IssuerDeps } from "../deps.js";
import { looksLikeJwt, verifyAccessToken } from "../oauth/verify-access-token.js";
import { mfaApiAudience } from "../policy/audience-policy.js";
import type { MfaTokenRow } from "../store/mfa-tokens.js";
import { resolveMfaToken } from "./mfa-token.js";

/** Who is calling the MFA API, and with what. */
export type MfaBearer =
  | { kind: "mfa_token"; userId: string; clientId: string; mfaToken: MfaTokenRow }
  | { kind: "access_token"; userId: string; clientId: string | undefined };

/**
 * Resolves the MFA API bearer (PROTOCOL.md): an opaque mfa_token, or a JWT
 * access token of this issuer for `{issuer}/mfa/` carrying `scope`. A
 * `clientId` given with the call must match the token's client either way.
 * @throws invalid_token / expired_token (401), insufficient_scope (403), too_many_attempts (429)
 */
export async function resolveMfaBearer(
  deps: IssuerDeps,
  raw: string | undefined,
  clientId: string | undefined,
  scope: string,
): Promise<MfaBearer> {
  if (raw === undefined || !looksLikeJwt(raw)) {
    const mfaToken = await resolveMfaToken(deps, raw, clientId);
    return { kind: "mfa_token", userId: mfaToken.user_id, clientId: mfaToken.client_id, mfaToken };
  }
  const token = await verifyAccessToken(deps, raw, mfaApiAudience(deps), scope);
  const azp = typeof token.payload.azp === "string" ? token.payload.azp : undefined;
  if (clientId !== undefined && azp !== clientId) throw new StepUpError("invalid_token");
  return { kind: "access_token", userId: token.sub, clientId: azp };
}

/** Only an access token for the MFA API (endpoints an mfa_token may not use). */
export async function requireMfaAccessToken(
  deps: IssuerDeps,
  raw: string | undefined,
  scope: string,
): Promise<{ userId: string; clientId: string | undefined }> {
  if (raw === undefined || !looksLikeJwt(raw)) {
    throw new StepUpError("invalid_token", "This call needs an access token for the MFA API");
  }
  const token = await verifyAccessToken(deps, raw, mfaApiAudience(deps), scope);
  const azp = typeof token.payload.azp === "string" ? token.payload.azp : undefined;
  return { userId: token.sub, clientId: azp };
}
