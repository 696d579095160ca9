import { StepUpError } from "../../../errors/index.js";
import type { IssuerDeps } from "../../deps.js";
import { jsonResponse } from "../../http/respond.js";
import { assertFactorAllowed } from "../../mfa/complete-mfa.js";
import type { MfaTokenRow } from "../../store/mfa-tokens.js";
import { beginAuthentication } from "./authentication.js";
import { mfaTokenBinding } from "./binding.js";
import { listCredentials } from "./credential-store.js";
import { relyingPartyFor } from "./relying-party.js";

/**
 * POST /mfa/challenge with challenge_type=webauthn: a new authentication
 * ceremony bound to the mfa_token, for the user's passkeys of the client's
 * RP ID (or the one `authenticator_id` names). Answers `{challenge_type,
 * oob_code, options}`; the mfa-webauthn grant redeems `oob_code` with the
 * answer of startAuthentication(options).
 * @throws unsupported_challenge_type (400) no passkey for this client's RP ID, or the audience does
 *   not accept passkeys; invalid_request (400) unknown authenticator_id
 */
export async function challengeWebAuthn(
  deps: IssuerDeps,
  token: MfaTokenRow,
  authenticatorId: string | undefined,
): Promise<Response> {
  assertFactorAllowed(deps, token, "webauthn");
  const party = relyingPartyFor(deps, token.client_id);
  const credentials = (await listCredentials(deps.db, token.user_id)).filter(
    (credential) => credential.rp_id === party?.id,
  );
  if (!party || credentials.length === 0) {
    throw new StepUpError(
      "unsupported_challenge_type",
      "No passkey is registered for this application's domain",
    );
  }
  const chosen =
    authenticatorId === undefined
      ? undefined
      : credentials.find((credential) => `webauthn|${credential.id}` === authenticatorId);
  if (authenticatorId !== undefined && !chosen) {
    throw new StepUpError("invalid_request", "Invalid parameter: authenticator_id");
  }
  const started = await beginAuthentication(deps.db, {
    userId: token.user_id,
    binding: mfaTokenBinding(token),
    party,
    credentials: chosen ? [chosen] : credentials,
    credentialKey: chosen?.id ?? null,
    now: deps.clock(),
  });
  return jsonResponse({
    challenge_type: "webauthn",
    oob_code: started.oobCode,
    options: started.options,
  });
}
