import { z } from "zod";
import { StepUpError } from "../../../errors/index.js";
import { randomId } from "../../crypto/hash.js";
import { jsonResponse } from "../../http/respond.js";
import { parseWith } from "../../http/validate.js";
import { assertMayAddFactor } from "../../mfa/chain.js";
import { assertFactorAllowed } from "../../mfa/complete-mfa.js";
import { findUserById } from "../../store/users.js";
import type { AssociateRequest } from "../factor.js";
import { insertPendingRecoveryCodes } from "../recovery-code/first-factor-codes.js";
import { mfaTokenBinding } from "./binding.js";
import { listCredentials } from "./credential-store.js";
import { authenticatorName } from "../../mfa/authenticator-name.js";
import { beginRegistration } from "./registration.js";
import { relyingPartyFor } from "./relying-party.js";

const schema = z.object({ name: authenticatorName.optional() });

/**
 * POST /mfa/associate for `["webauthn"]` with an mfa_token: starts a passkey
 * registration. Answers `{authenticator_type, id, oob_code, options,
 * recovery_codes?}`: `options` go to startRegistration, and its answer comes
 * back with `oob_code` through the mfa-webauthn grant, which registers the
 * passkey. The ceremony is bound to this mfa_token, single use and expires in
 * 5 minutes; a new associate replaces a pending enrollment of any factor.
 * The first factor comes with recovery codes, as for otp.
 * @throws invalid_request (400) a bad `name`, already_enrolled (409)
 * @throws unsupported_challenge_type (400) with an MFA API access token, for an audience that does
 *   not accept passkeys, or a client no origin can serve
 */
export async function associateWebAuthn(request: AssociateRequest): Promise<Response> {
  const { params, bearer, deps, firstFactor } = request;
  // The ceremony is redeemed by the mfa-webauthn grant, which consumes an mfa_token.
  if (bearer.kind !== "mfa_token") {
    throw new StepUpError(
      "unsupported_challenge_type",
      "Passkeys are enrolled during a step-up, with an mfa_token",
    );
  }
  const token = bearer.mfaToken;
  // Refused up front: a passkey the audience does not accept could never complete this step-up.
  assertFactorAllowed(deps, token, "webauthn");
  const { name } = parseWith(schema, params);
  if (!firstFactor) await assertMayAddFactor(deps, token, "webauthn");
  const party = relyingPartyFor(deps, token.client_id);
  if (!party || party.origins.length === 0) {
    throw new StepUpError(
      "unsupported_challenge_type",
      "No origin of this client can use passkeys",
    );
  }
  const user = await findUserById(deps.db, token.user_id);
  if (!user) throw new StepUpError("invalid_token");

  const key = randomId(12);
  let recoveryCodes: string[] | undefined;
  const now = deps.clock();
  const started = await deps.db.transaction(async (tx) => {
    await request.clearPendingEnrollments(tx);
    const ceremony = await beginRegistration(deps, tx, {
      user: { id: user.id, email: user.email, name: user.name },
      binding: mfaTokenBinding(token),
      party,
      credentialKey: key,
      name,
      existing: await listCredentials(tx, user.id),
      now,
    });
    // Recovery codes come with the first factor only (POST /mfa/recovery-codes renews them).
    if (firstFactor) {
      recoveryCodes = await insertPendingRecoveryCodes(tx, user.id, key, now);
    }
    return ceremony;
  });
  return jsonResponse({
    authenticator_type: "webauthn",
    id: `webauthn|${key}`,
    oob_code: started.oobCode,
    options: started.options,
    ...(recoveryCodes ? { recovery_codes: recoveryCodes } : {}),
  });
}
