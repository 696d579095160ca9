import { z } from "zod";
import { MfaRequiredError, StepUpError, TooManyAttemptsError } from "../../../errors/index.js";
import { reserveBucketToken } from "../../store/attempt-buckets.js";
import { sha256Hex } from "../../crypto/hash.js";
import type { IssuerDeps } from "../../deps.js";
import type { Params } from "../../http/body.js";
import { optionalParam, parseWith, param } from "../../http/validate.js";
import { createMfaToken } from "../../mfa/mfa-token.js";
import { computeRequirements } from "../../mfa/requirements.js";
import type { IssuerApi, IssuerClient } from "../../options.js";
import { allowedFactors, apiFor } from "../../policy/audience-policy.js";
import { distinctFactorsUsed, furtherFactorRequirements } from "../../policy/factor-count.js";
import { checkGrantPolicy, familyAuthentication } from "../../policy/grant-policy.js";
import { allowedScopes, OIDC_SCOPES, splitScope } from "../scopes.js";
import { signTokenResponse, userinfoAudience } from "../tokens.js";
import { jsonTokenResponse } from "./authorization-code.js";
import { answerRefreshGrant } from "./refresh-rotation.js";

const schema = z.object({
  refresh_token: param,
  audience: optionalParam,
  scope: optionalParam,
  max_age: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce.number().int().min(0).optional(),
  ),
});

/**
 * grant_type=refresh_token (RFC 6749 §6) with `audience`, `scope` and
 * `max_age`. Rotation with a reuse interval (refresh-rotation.ts): a token
 * replaced within the client's `reuseInterval` is answered with the family's
 * current token, one replaced earlier revokes the whole family (RFC 9700
 * §4.14.2). Families end after their idle and absolute lifetimes. The
 * audience's policy is checked before rotating, so an `mfa_required` answer
 * leaves the token usable.
 * @throws invalid_grant (403) unknown, revoked, expired, replayed, or another client's token
 * @throws mfa_required (403) with mfa_token and mfa_requirements
 * @throws too_many_attempts (429) the family minted its mfa_tokens of the minute
 */
export async function refreshTokenGrant(
  params: Params,
  client: IssuerClient,
  deps: IssuerDeps,
): Promise<Response> {
  const input = parseWith(schema, params);
  const now = deps.clock();
  const presented = { value: input.refresh_token, hash: sha256Hex(input.refresh_token) };
  // Resolved under the family's lock, from what the family was granted.
  let target: { audience: string; api: IssuerApi | undefined; scope: string } | undefined;
  const outcome = await answerRefreshGrant(deps, client, presented, async (tx, family) => {
    const audience = input.audience ?? family.audience ?? userinfoAudience(deps);
    const api = apiFor(deps, audience);
    if (!api && audience !== userinfoAudience(deps))
      throw new StepUpError("invalid_request", "Invalid parameter: audience");
    target = { audience, api, scope: resolveScope(input.scope, family.scope, api?.scopes) };
    // The one policy (grant-policy.ts): global enforcement for every audience,
    // then the audience's MFA with one of its factors, fresh enough, and its
    // count of distinct factors.
    return checkGrantPolicy(deps, tx, {
      userId: family.user_id,
      api,
      auth: familyAuthentication(family),
      requestMaxAge: input.max_age,
      now,
    });
  });
  const { audience, api, scope } = target!;
  const { family } = outcome;
  if (outcome.kind === "tokens") {
    return jsonTokenResponse(
      await signTokenResponse(deps, {
        family,
        audience,
        scope,
        refreshToken: outcome.refreshToken,
      }),
    );
  }

  // Each mfa_token brings its own answers: a family's supply is capped.
  const mint = await reserveBucketToken(deps.db, `mint:${family.id}`, deps.mfaTokenMints, now);
  if (!mint.ok) throw new TooManyAttemptsError(mint.wait);
  const mfaToken = await createMfaToken(deps, {
    userId: family.user_id,
    clientId: client.clientId,
    audience,
    scope,
    familyId: family.id,
  });
  let requirements = await computeRequirements(deps, deps.db, family.user_id, allowedFactors(api));
  if (outcome.stop === "factor_count") {
    // Ask for a factor the family has not used yet. When the user has none,
    // they verify one again instead: only a chained mfa_token (minted by
    // that verification) may enroll a further factor.
    const further = furtherFactorRequirements(
      requirements,
      api,
      distinctFactorsUsed(api, family.amr),
    );
    if (further.challenge) requirements = further;
  }
  throw new MfaRequiredError(mfaToken, requirements, {
    description: "Multifactor authentication required",
  });
}

/**
 * The answer's scope: what was asked (each scope allowed for the audience,
 * OIDC ones only if granted at login), or by default the API's scopes
 * (the login's scopes when there is no API).
 */
function resolveScope(
  requested: string | undefined,
  granted: string,
  apiScopes: string[] | undefined,
): string {
  const grantedSet = new Set(splitScope(granted));
  if (requested === undefined) return apiScopes ? apiScopes.join(" ") : granted;
  const oidc = new Set<string>(OIDC_SCOPES);
  const allowed = allowedScopes(apiScopes ? { audience: "", scopes: apiScopes } : undefined);
  const scopes = splitScope(requested);
  for (const scope of scopes) {
    if (!allowed.has(scope) || (oidc.has(scope) && !grantedSet.has(scope))) {
      throw new StepUpError("invalid_scope", `Scope not allowed: ${scope}`);
    }
  }
  return scopes.join(" ");
}
