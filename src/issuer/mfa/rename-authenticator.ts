import { z } from "zod";
import { StepUpError } from "../../errors/index.js";
import { recordEvent } from "../audit/record-event.js";
import type { IssuerDeps } from "../deps.js";
import { parseAuthenticatorId } from "../factors/registry.js";
import { LIMITS } from "../deps.js";
import { readParams } from "../http/body.js";
import { bearerToken } from "../http/client-auth.js";
import { jsonResponse } from "../http/respond.js";
import { routeParams } from "../http/router.js";
import { parseWith } from "../http/validate.js";
import { authenticatorName } from "./authenticator-name.js";
import { describeAuthenticators } from "./list-authenticators.js";
import { requireMfaAccessToken } from "./mfa-bearer.js";
import type { Remover } from "./remove-authenticator.js";

const schema = z.object({ name: authenticatorName });

/**
 * Renames one confirmed authenticator of `userId` by its wire id and returns
 * it in the MFA API's list shape. Only factors whose label is the user's
 * (passkeys) can be renamed; the others are named by the issuer (a masked
 * destination, "Authenticator app").
 * @throws not_found (404) no such authenticator of this user
 * @throws invalid_request (400) a bad name, or a factor whose name is not the user's to choose
 */
export async function renameAuthenticator(
  deps: IssuerDeps,
  userId: string,
  wireId: string,
  params: unknown,
  by: Remover,
): Promise<Record<string, unknown>> {
  const parsed = parseAuthenticatorId(wireId);
  if (!parsed) throw new StepUpError("not_found", "No such authenticator");
  const { name } = parseWith(schema, params);
  const rename = parsed.factor.store.rename;
  if (!rename) {
    throw new StepUpError("invalid_request", "This authenticator's name cannot be changed");
  }
  if (!(await rename(deps.db, userId, parsed.key, name))) {
    throw new StepUpError("not_found", "No such authenticator");
  }
  await recordEvent(deps, {
    type: "mfa.renamed",
    userId,
    authenticatorId: wireId,
    authenticatorType: parsed.factor.name,
    actor: by.actor,
    ...(by.clientId ? { clientId: by.clientId } : {}),
  });
  const listed = await describeAuthenticators(deps, userId);
  return listed.find((entry) => entry.id === wireId)!;
}

/**
 * PATCH /mfa/authenticators/{id} with `{name}` (bearer: an access token for
 * `{issuer}/mfa/` with scope update:authenticators): the user renames one of
 * their passkeys. Answers the renamed authenticator.
 * @throws invalid_token (401), insufficient_scope (403), not_found (404), invalid_request (400)
 */
export async function handleRenameAuthenticator(
  request: Request,
  deps: IssuerDeps,
): Promise<Response> {
  const caller = await requireMfaAccessToken(deps, bearerToken(request), "update:authenticators");
  const params = await readParams(request, LIMITS.maxBodyBytes);
  const renamed = await renameAuthenticator(
    deps,
    caller.userId,
    routeParams(request).id ?? "",
    params,
    {
      actor: "user",
      clientId: caller.clientId,
    },
  );
  return jsonResponse(renamed);
}
