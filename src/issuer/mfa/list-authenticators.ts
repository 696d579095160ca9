import { z } from "zod";
import type { IssuerDeps } from "../deps.js";
import { queryParams } from "../http/body.js";
import { bearerToken } from "../http/client-auth.js";
import { jsonResponse } from "../http/respond.js";
import { optionalParam, parseWith } from "../http/validate.js";
import { listAuthenticators } from "../store/authenticators.js";
import { findActiveRecoveryCodeSet } from "../store/recovery-codes.js";
import { resolveMfaToken } from "./mfa-token.js";
import { describeOobAuthenticators } from "./oob-authenticators-wire.js";

const schema = z.object({ client_id: optionalParam });

const iso = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString());

/**
 * GET /mfa/authenticators (bearer: the mfa_token). Lists confirmed factors
 * only: an enrollment still waiting for its first code is not a factor yet.
 */
export async function handleListAuthenticators(
  request: Request,
  deps: IssuerDeps,
): Promise<Response> {
  const query = parseWith(schema, queryParams(request));
  const token = await resolveMfaToken(deps, bearerToken(request), query.client_id);
  const rows = await listAuthenticators(deps.db, token.user_id);
  const list: Array<Record<string, unknown>> = rows
    .filter((row) => row.confirmed_at !== null)
    .map((row) => ({
      id: `totp|${row.id}`,
      authenticator_type: "otp",
      name: "Authenticator app",
      active: true,
      created_at: iso(row.created_at),
      ...(row.last_auth_at !== null ? { last_auth: iso(row.last_auth_at) } : {}),
    }));
  list.push(...(await describeOobAuthenticators(deps, token.user_id)));
  const recovery = await findActiveRecoveryCodeSet(deps.db, token.user_id);
  if (recovery) {
    list.push({
      id: `recovery-code|${recovery.id}`,
      authenticator_type: "recovery-code",
      active: recovery.remaining > 0,
      created_at: iso(recovery.created_at),
      ...(recovery.last_auth_at !== null ? { last_auth: iso(recovery.last_auth_at) } : {}),
    });
  }
  return jsonResponse(list);
}
