import { z } from "zod";
import type { IssuerDeps } from "../deps.js";
import { queryParams } from "../http/body.js";
import { bearerToken } from "../http/client-auth.js";
import { jsonResponse } from "../http/respond.js";
import { optionalParam, parseWith } from "../http/validate.js";
import type { ListedAuthenticator } from "../factors/factor.js";
import { listUserAuthenticators } from "../factors/registry.js";
import { resolveMfaBearer } from "./mfa-bearer.js";

const schema = z.object({ client_id: optionalParam });

const iso = (ms: number) => new Date(ms).toISOString();

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
  const listed = await listUserAuthenticators(deps, deps.db, userId);
  return listed.map(({ authenticator }) => toWire(authenticator));
}

/** PROTOCOL.md's shape: `{id, authenticator_type, oob_channel?, name?, active, created_at, last_auth?}`. */
function toWire(value: ListedAuthenticator): Record<string, unknown> {
  return {
    id: value.id,
    authenticator_type: value.authenticatorType,
    ...(value.oobChannel !== undefined ? { oob_channel: value.oobChannel } : {}),
    ...(value.name !== undefined ? { name: value.name } : {}),
    active: value.active,
    created_at: iso(value.createdAt),
    ...(value.lastAuthAt !== null ? { last_auth: iso(value.lastAuthAt) } : {}),
    ...value.extra,
  };
}
