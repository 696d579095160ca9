import { z } from "zod";
import { StepUpError } from "../../errors/index.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import { clearPendingEnrollments, factorForAssociate, listFactors } from "../factors/registry.js";
import { readParams } from "../http/body.js";
import { bearerToken } from "../http/client-auth.js";
import { optionalParam, parseWith } from "../http/validate.js";
import { resolveMfaBearer } from "./mfa-bearer.js";
import { hasActiveFactor } from "./requirements.js";

const schema = z.object({
  // A form body sends one value as a string; JSON sends an array.
  authenticator_types: z.preprocess(
    (value) => (typeof value === "string" ? [value] : value),
    z.array(z.string().min(1)).min(1),
  ),
  client_id: optionalParam,
  client_secret: optionalParam,
});

/**
 * POST /mfa/associate (bearer: the mfa_token, or an access token for
 * `{issuer}/mfa/` with scope enroll): starts an enrollment of the factor
 * whose associate answers the one `authenticator_types` entry (factors/registry.ts).
 * Each factor decides who may add it when the user already has a factor.
 * @throws unsupported_challenge_type (400) a type no factor enrolls
 * @throws invalid_token / expired_token (401), insufficient_scope (403), and the factor's own errors
 */
export async function handleAssociate(request: Request, deps: IssuerDeps): Promise<Response> {
  const params = await readParams(request, LIMITS.maxBodyBytes);
  const input = parseWith(schema, params);
  const bearer = await resolveMfaBearer(deps, bearerToken(request), input.client_id, "enroll");
  const [type] = input.authenticator_types;
  const factor = input.authenticator_types.length === 1 ? factorForAssociate(type!) : undefined;
  if (!factor?.associate) {
    const types = [...new Set(listFactors().flatMap((f) => f.associate?.authenticatorType ?? []))];
    throw new StepUpError(
      "unsupported_challenge_type",
      `authenticator_types must be one of ${types.map((t) => `["${t}"]`).join(", ")}`,
    );
  }
  const firstFactor = !(await hasActiveFactor(deps, deps.db, bearer.userId));
  return factor.associate.handle({
    params,
    bearer,
    deps,
    firstFactor,
    clearPendingEnrollments: (db) => clearPendingEnrollments(db, bearer.userId),
  });
}
