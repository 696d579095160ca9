import { z } from "zod";
import type { IssuerDeps } from "../deps.js";
import { queryParams } from "../http/body.js";
import { bearerToken } from "../http/client-auth.js";
import { jsonResponse } from "../http/respond.js";
import { optionalParam, parseWith } from "../http/validate.js";
import { listAuthenticators } from "../factors/otp/store.js";
import { findActiveRecoveryCodeSet } from "../factors/recovery-code/store.js";
import { resolveMfaBearer } from "./mfa-bearer.js";
import { describeOobAuthenticators } from "../factors/oob/list.js";

const schema = z.object({ client_id: optionalParam });

const iso = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString());

/** Wire `authenticator_type` of a stored type (PROTOCOL.md: otp | oob | webauthn). */
function wireType(type: string): { authenticator_type: string; oob_channel?: string } {
  if (type === "totp") return { authenticator_type: "otp" };
  if (type === "email" || type === "sms") return { authenticator_type: "oob", oob_channel: type };
  return { authenticator_type: type };
}

/**
 * GET /mfa/authenticators (bearer: the mfa_token, or an access token for
 * `{issuer}/mfa/` with scope read:authenticators). Lists confirmed factors
 * only: an enrollment still waiting for its first code is not a factor yet.
 */
export async function handleListAuthenticators(
  request: Request,
  deps: IssuerDeps,
): Promise<Response> {
  const query = parseWith(schema, queryParams(request));
  const bearer = await resolveMfaBearer(
    deps,
    bearerToken(request),
    query.client_id,
    "read:authenticators",
  );
  return jsonResponse(await describeAuthenticators(deps, bearer.userId));
}

/** A user's confirmed factors and recovery-code set in the MFA API's wire shape (also the admin API's). */
export async function describeAuthenticators(
  deps: IssuerDeps,
  userId: string,
): Promise<Array<Record<string, unknown>>> {
  const rows = await listAuthenticators(deps.db, userId);
  const list: Array<Record<string, unknown>> = rows
    .filter((row) => row.confirmed_at !== null)
    .map((row) => ({
      id: `${row.type}|${row.id}`,
      ...wireType(row.type),
      ...(row.type === "totp" ? { name: "Authenticator app" } : {}),
      active: true,
      created_at: iso(row.created_at),
      ...(row.last_auth_at !== null ? { last_auth: iso(row.last_auth_at) } : {}),
    }));
  list.push(...(await describeOobAuthenticators(deps, userId)));
  const recovery = await findActiveRecoveryCodeSet(deps.db, userId);
  if (recovery) {
    list.push({
      id: `recovery-code|${recovery.id}`,
      authenticator_type: "recovery-code",
      active: recovery.remaining > 0,
      created_at: iso(recovery.created_at),
      ...(recovery.last_auth_at !== null ? { last_auth: iso(recovery.last_auth_at) } : {}),
    });
  }
  return list;
}
