import { z } from "zod";
import { StepUpError } from "../../errors/index.js";
import { randomId } from "../crypto/hash.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import { generateRecoveryCodes, hashRecoveryCode } from "../factors/recovery-code/codes.js";
import { generateTotpSecret, totpBarcodeUri } from "../factors/otp/totp.js";
import { readParams } from "../http/body.js";
import { bearerToken } from "../http/client-auth.js";
import { jsonResponse } from "../http/respond.js";
import { optionalParam, parseWith } from "../http/validate.js";
import { deletePendingAuthenticators, insertAuthenticator } from "../factors/otp/store.js";
import { deletePendingOobAuthenticators } from "../factors/oob/store.js";
import { deletePendingRecoveryCodeSets, insertRecoveryCodeSet } from "../factors/recovery-code/store.js";
import { findUserById } from "../store/users.js";
import { associateOob } from "../factors/oob/associate.js";
import { assertMayAddFactor } from "./chain.js";
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
 * `{issuer}/mfa/` with scope enroll) for `["otp"]`: a new TOTP secret,
 * pending until the mfa-otp grant confirms it; a new associate replaces a
 * pending one. The first factor comes with 10 recovery codes, shown only here.
 * `["oob"]` (email/SMS) is handled by associateOob, with an mfa_token only.
 * @throws already_enrolled (409) only an mfa_token while the user has a confirmed factor (challenge it instead), unless it is a chained one and otp is a new factor
 * @throws unsupported_challenge_type (400) a type other than otp or oob
 */
export async function handleAssociate(request: Request, deps: IssuerDeps): Promise<Response> {
  const params = await readParams(request, LIMITS.maxBodyBytes);
  const input = parseWith(schema, params);
  const bearer = await resolveMfaBearer(deps, bearerToken(request), input.client_id, "enroll");
  if (input.authenticator_types.length === 1 && input.authenticator_types[0] === "oob") {
    // An oob code is bound to the mfa_token that the mfa-oob grant consumes;
    // an MFA API access token has no such grant to confirm it with.
    if (bearer.kind !== "mfa_token") {
      throw new StepUpError(
        "unsupported_challenge_type",
        "Email and SMS factors are enrolled during a step-up, with an mfa_token",
      );
    }
    return associateOob(params, bearer.mfaToken, deps);
  }
  if (input.authenticator_types.length !== 1 || input.authenticator_types[0] !== "otp") {
    throw new StepUpError(
      "unsupported_challenge_type",
      'Only authenticator_types ["otp"] or ["oob"] is supported',
    );
  }
  const userId = bearer.userId;
  // With only an mfa_token, a user who has a factor must verify it first; an
  // MFA API access token (a fresh MFA), or the mfa_token a chained MFA minted
  // right after verifying a factor, may add a further factor.
  const firstFactor = !(await hasActiveFactor(deps.db, userId));
  if (!firstFactor && bearer.kind === "mfa_token") {
    await assertMayAddFactor(deps, bearer.mfaToken, "otp");
  }
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
    // Recovery codes come with the first factor only (POST /mfa/recovery-codes renews them).
    if (firstFactor) {
      await insertRecoveryCodeSet(
        tx,
        { id: randomId(12), userId, pendingAuthenticatorId: id, now },
        recoveryCodes.map(hashRecoveryCode),
      );
    }
  });
  return jsonResponse({
    authenticator_type: "otp",
    id: `totp|${id}`,
    secret,
    barcode_uri: totpBarcodeUri({ issuer: deps.displayName, account: user.email, secret }),
    ...(firstFactor ? { recovery_codes: recoveryCodes } : {}),
  });
}
