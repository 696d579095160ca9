import { z } from "zod";
import { StepUpError } from "../../errors/index.js";
import { randomId } from "../crypto/hash.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import { generateRecoveryCodes, hashRecoveryCode } from "../factors/recovery-code.js";
import { generateTotpSecret, totpBarcodeUri } from "../factors/totp.js";
import { readParams } from "../http/body.js";
import { bearerToken } from "../http/client-auth.js";
import { jsonResponse } from "../http/respond.js";
import { optionalParam, parseWith } from "../http/validate.js";
import { deletePendingAuthenticators, insertAuthenticator } from "../store/authenticators.js";
import { deletePendingOobAuthenticators } from "../store/oob-authenticators.js";
import { deletePendingRecoveryCodeSets, insertRecoveryCodeSet } from "../store/recovery-codes.js";
import { findUserById } from "../store/users.js";
import { associateOob } from "./associate-oob.js";
import { resolveMfaToken } from "./mfa-token.js";
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
 * POST /mfa/associate (bearer: the mfa_token) for `["otp"]`: a new TOTP secret,
 * pending until the mfa-otp grant confirms it; a new associate replaces a
 * pending one. The first factor comes with 10 recovery codes, shown only here.
 * `["oob"]` (email/SMS) is handled by associateOob.
 * @throws already_enrolled (409) the user has a confirmed factor (challenge it instead)
 * @throws unsupported_challenge_type (400) a type other than otp or oob
 */
export async function handleAssociate(request: Request, deps: IssuerDeps): Promise<Response> {
  const params = await readParams(request, LIMITS.maxBodyBytes);
  const input = parseWith(schema, params);
  const token = await resolveMfaToken(deps, bearerToken(request), input.client_id);
  if (input.authenticator_types.length === 1 && input.authenticator_types[0] === "oob") {
    return associateOob(params, token, deps);
  }
  if (input.authenticator_types.length !== 1 || input.authenticator_types[0] !== "otp") {
    throw new StepUpError(
      "unsupported_challenge_type",
      'Only authenticator_types ["otp"] or ["oob"] is supported',
    );
  }
  const userId = token.user_id;
  if (await hasActiveFactor(deps.db, userId)) throw new StepUpError("already_enrolled");
  const user = await findUserById(deps.db, userId);
  if (!user) throw new StepUpError("invalid_token");

  const id = randomId(12);
  const secret = generateTotpSecret();
  const recoveryCodes = generateRecoveryCodes();
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await deletePendingAuthenticators(tx, userId, "totp");
    await deletePendingOobAuthenticators(tx, userId);
    await deletePendingRecoveryCodeSets(tx, userId);
    await insertAuthenticator(tx, {
      id,
      user_id: userId,
      type: "totp",
      secret_sealed: deps.totpBox.seal(secret, `totp|${id}`),
      created_at: now,
    });
    // No factor is active here (checked above), so this is the first one.
    await insertRecoveryCodeSet(
      tx,
      { id: randomId(12), userId, pendingAuthenticatorId: id, now },
      recoveryCodes.map(hashRecoveryCode),
    );
  });
  return jsonResponse({
    authenticator_type: "otp",
    id: `totp|${id}`,
    secret,
    barcode_uri: totpBarcodeUri({ issuer: deps.displayName, account: user.email, secret }),
    recovery_codes: recoveryCodes,
  });
}
