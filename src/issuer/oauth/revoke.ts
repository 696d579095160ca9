import { z } from "zod";
import { sha256Hex } from "../crypto/hash.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import { readParams } from "../http/body.js";
import { authenticateClient } from "../http/client-auth.js";
import { optionalParam, parseWith, param } from "../http/validate.js";
import { findRefreshToken, revokeRefreshFamily } from "../store/refresh-tokens.js";

const schema = z.object({ token: param, token_type_hint: optionalParam });

/**
 * POST /oauth/revoke (RFC 7009). A refresh token revokes its whole family.
 * Unknown tokens, other clients' tokens and access tokens (self-contained
 * JWTs, expiring on their own) all answer 200, as §2.2 asks.
 * @throws invalid_client (401), invalid_request (400)
 */
export async function handleRevoke(request: Request, deps: IssuerDeps): Promise<Response> {
  const params = await readParams(request, LIMITS.maxBodyBytes);
  const client = authenticateClient(request, params, deps);
  const input = parseWith(schema, params);
  const found = await findRefreshToken(deps.db, sha256Hex(input.token));
  if (found && found.family.client_id === client.clientId) {
    await revokeRefreshFamily(deps.db, found.family.id, deps.clock());
  }
  return new Response(null, { status: 200, headers: { "cache-control": "no-store" } });
}
