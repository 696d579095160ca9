import { StepUpError } from "../../../errors/index.js";
import type { IssuerDeps } from "../../deps.js";
import { jsonResponse } from "../../http/respond.js";
import { assertFactorAllowed } from "../../mfa/complete-mfa.js";
import type { MfaTokenRow } from "../../store/mfa-tokens.js";
import { startPushRequest } from "./request.js";
import { findPushAuthenticator, listPushAuthenticators } from "./store.js";

/**
 * POST /mfa/challenge with `challenge_type: oob` for a push device
 * (`authenticator_id: push|…`, or the user's only device): sends a push and
 * answers `{challenge_type: "oob", oob_code}` without a `binding_method`, as
 * Auth0 does for Guardian; the client then polls the mfa-oob grant with the
 * oob_code alone until the user approves or denies it on the device (the dev
 * outbox).
 * @throws unsupported_challenge_type (400) push not allowed for the audience or no devMode,
 *   invalid_request (400) no such device of the user
 */
export async function challengePush(
  deps: IssuerDeps,
  token: MfaTokenRow,
  authenticatorId: string | undefined,
): Promise<Response> {
  if (!deps.devMode) {
    throw new StepUpError("unsupported_challenge_type", "Push is a development factor");
  }
  assertFactorAllowed(deps, token, "push");
  const key = authenticatorId?.slice("push|".length);
  const device =
    key !== undefined
      ? await findPushAuthenticator(deps.db, key)
      : (await listPushAuthenticators(deps.db, token.user_id)).find(
          (row) => row.confirmed_at !== null,
        );
  if (!device || device.user_id !== token.user_id || device.confirmed_at === null) {
    throw new StepUpError("invalid_request", "Unknown authenticator_id");
  }
  const oobCode = await startPushRequest(
    deps.db,
    {
      authenticator_id: device.id,
      user_id: token.user_id,
      binding: token.token_hash,
      purpose: "challenge",
    },
    deps.clock(),
  );
  return jsonResponse({ challenge_type: "oob", oob_code: oobCode });
}
