import { StepUpError } from "../../../errors/index.js";
import { randomId } from "../../crypto/hash.js";
import { jsonResponse } from "../../http/respond.js";
import { assertMayAddFactor } from "../../mfa/chain.js";
import { findUserById } from "../../store/users.js";
import type { AssociateRequest } from "../factor.js";
import { insertPendingRecoveryCodes } from "../recovery-code/first-factor-codes.js";
import { insertAuthenticator } from "./store.js";
import { generateTotpSecret, totpBarcodeUri } from "./totp.js";

/**
 * POST /mfa/associate for `["otp"]` (bearer: the mfa_token, or an access
 * token for `{issuer}/mfa/` with scope enroll): a new TOTP secret, pending
 * until the mfa-otp grant confirms it; a new associate replaces any pending
 * enrollment. The first factor comes with 10 recovery codes, shown only here.
 * @throws already_enrolled (409) only an mfa_token while the user has a confirmed factor (challenge it instead), unless it is a chained one and otp is a new factor
 */
export async function associateOtp(request: AssociateRequest): Promise<Response> {
  const { bearer, deps, firstFactor } = request;
  const userId = bearer.userId;
  // With only an mfa_token, a user who has a factor must verify it first; an
  // MFA API access token (a fresh MFA), or the mfa_token a chained MFA minted
  // right after verifying a factor, may add a further factor.
  if (!firstFactor && bearer.kind === "mfa_token") {
    await assertMayAddFactor(deps, bearer.mfaToken, "otp");
  }
  const user = await findUserById(deps.db, userId);
  if (!user) throw new StepUpError("invalid_token");

  const id = randomId(12);
  const secret = generateTotpSecret();
  let recoveryCodes: string[] | undefined;
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await request.clearPendingEnrollments(tx);
    await insertAuthenticator(tx, {
      id,
      user_id: userId,
      type: "totp",
      secret_sealed: deps.totpBox.seal(secret, `totp|${id}`),
      created_at: now,
    });
    // Recovery codes come with the first factor only (POST /mfa/recovery-codes renews them).
    if (firstFactor) {
      recoveryCodes = await insertPendingRecoveryCodes(tx, userId, id, now);
    }
  });
  return jsonResponse({
    authenticator_type: "otp",
    id: `totp|${id}`,
    secret,
    barcode_uri: totpBarcodeUri({ issuer: deps.displayName, account: user.email, secret }),
    ...(recoveryCodes ? { recovery_codes: recoveryCodes } : {}),
  });
}
