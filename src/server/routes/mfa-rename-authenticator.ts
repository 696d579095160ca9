import { z } from "zod";
import { authenticatorToWire } from "../../shared/wire.js";
import { renameAuthenticator } from "../mfa/rename-authenticator.js";
import { authenticatorIdOf } from "./mfa-delete-authenticator.js";
import { assertSameOrigin } from "./origin-check.js";
import { readJsonBody } from "./read-input.js";
import { json } from "./respond.js";
import type { RouteHandler } from "./route-context.js";

const bodySchema = z.object({ name: z.string().trim().min(1).max(64) }).strict();

/**
 * `PATCH /auth/mfa/authenticators/{id}` with `{name}`: renames one of the
 * session user's passkeys (session cookie, origin-checked), answering the
 * renamed authenticator; 403 `mfa_required` with a sealed context when the
 * issuer's MFA API wants a step-up first.
 */
export const mfaRenameAuthenticator: RouteHandler = async (request, { core, cookies }) => {
  assertSameOrigin(request, core.config.appBaseUrl);
  const id = authenticatorIdOf(request);
  const { name } = await readJsonBody(request, bodySchema);
  return json(authenticatorToWire(await renameAuthenticator(core, cookies, id, name)));
};
