import { z } from "zod";
import { StepUpError } from "../../../errors/index.js";
import { randomId } from "../../crypto/hash.js";
import { jsonResponse } from "../../http/respond.js";
import { parseWith } from "../../http/validate.js";
import { assertMayAddFactor } from "../../mfa/chain.js";
import { findUserById } from "../../store/users.js";
import type { AssociateRequest } from "../factor.js";
import { insertPendingRecoveryCodes } from "../recovery-code/first-factor-codes.js";
import { accessBinding, startPushRequest } from "./request.js";
import { insertPushAuthenticator } from "./store.js";

const schema = z.object({
  oob_channels: z.preprocess(
    (value) => (typeof value === "string" ? [value] : value),
    z.tuple([z.literal("auth0")]),
  ),
});

/**
 * POST /mfa/associate for `["oob"]` with `oob_channels: ["auth0"]`, as Auth0
 * enrolls a Guardian push device
 * (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa/enroll-and-challenge-push-authenticators):
 * a pending device, and an enrollment request the device confirms (here: the
 * dev outbox's Approve, standing in for scanning the QR code). The answer has
 * `oob_code` to poll the mfa-oob grant with (no binding code) and a
 * `barcode_uri` naming the enrollment. Bearer: the mfa_token (a first factor,
 * or a chained one), or an MFA API access token with `enroll` (a further
 * factor on a settings page). Development only: without `devMode` there is no
 * device to push to.
 * @throws unsupported_challenge_type (400) without devMode, already_enrolled (409), invalid_request (400)
 */
export async function associatePush(request: AssociateRequest): Promise<Response> {
  const { params, bearer, deps, firstFactor } = request;
  if (!deps.devMode) {
    throw new StepUpError(
      "unsupported_challenge_type",
      "Push is a development factor of this issuer (devMode)",
    );
  }
  parseWith(schema, params);
  const userId = bearer.userId;
  if (!firstFactor && bearer.kind === "mfa_token") {
    await assertMayAddFactor(deps, bearer.mfaToken, "push");
  }
  const user = await findUserById(deps.db, userId);
  if (!user) throw new StepUpError("invalid_token");

  const id = randomId(12);
  let recoveryCodes: string[] | undefined;
  const now = deps.clock();
  const oobCode = await deps.db.transaction(async (tx) => {
    await request.clearPendingEnrollments(tx);
    await insertPushAuthenticator(tx, {
      id,
      user_id: userId,
      name: `Development device (${user.email})`,
      created_at: now,
    });
    if (firstFactor) {
      recoveryCodes = await insertPendingRecoveryCodes(tx, userId, id, now);
    }
    return startPushRequest(
      tx,
      {
        authenticator_id: id,
        user_id: userId,
        binding: bearer.kind === "mfa_token" ? bearer.mfaToken.token_hash : accessBinding(userId),
        purpose: "enroll",
      },
      now,
    );
  });
  const enrollment = new URL("otpauth://totp/");
  enrollment.pathname = `${deps.displayName}:${user.email}`;
  enrollment.searchParams.set("enrollment_tx_id", id);
  enrollment.searchParams.set("base_url", deps.issuer);
  return jsonResponse({
    authenticator_type: "oob",
    oob_channel: "auth0",
    id: `push|${id}`,
    oob_code: oobCode,
    barcode_uri: enrollment.href,
    ...(recoveryCodes ? { recovery_codes: recoveryCodes } : {}),
  });
}
