import { isStepUpError, StepUpError } from "../../errors/index.js";
import type { MfaApi, VerifyResult, WithMfaToken } from "../../types/index.js";
import { mfa } from "../mfa-client.js";
import { passkeyError, passkeyFailure, type PasskeyFailure } from "./passkey-error.js";

/** Options of `enrollPasskey`. */
export interface EnrollPasskeyOptions extends WithMfaToken {
  /** The passkey's label in the user's list; default "Passkey". */
  name?: string;
  /** The MFA client to use; default `mfa` (configured with `configureClient`). */
  client?: MfaApi;
}

/** Options of `verifyWithPasskey`. */
export interface VerifyWithPasskeyOptions extends WithMfaToken {
  /** One passkey (`webauthn|…`) to ask for; default any of the user's. */
  authenticatorId?: string;
  client?: MfaApi;
}

/** What `enrollPasskey` resolves to: the step-up is done; a first factor brings recovery codes to show once. */
export interface PasskeyEnrollmentResult extends VerifyResult {
  recoveryCodes?: string[];
}

/**
 * Registers a passkey during a step-up in one call: `enroll` (webauthn),
 * the browser's passkey prompt (@simplewebauthn/browser's startRegistration,
 * loaded on first use), then `verify`, which registers it and steps the
 * session up.
 * @throws StepUpError `passkey_cancelled`, `passkey_timeout`, `passkey_not_allowed`,
 *   `passkey_wrong_rp`, `passkey_already_registered` from the prompt; the `mfa` API's codes otherwise.
 * @example
 * const { recoveryCodes } = await enrollPasskey({ mfaToken: err.mfaToken, name: "My laptop" });
 */
export async function enrollPasskey(
  options: EnrollPasskeyOptions,
): Promise<PasskeyEnrollmentResult> {
  const { mfaToken, name, client = mfa } = options;
  const enrollment = await client.enroll({
    mfaToken,
    factor: "webauthn",
    ...(name ? { name } : {}),
  });
  if (enrollment.authenticatorType !== "webauthn") {
    throw new StepUpError("invalid_response", "The server did not start a passkey enrollment", {
      operation: "enroll",
    });
  }
  const webauthnResponse = await runPrompt("registration", enrollment.options.timeout, (ceremony) =>
    ceremony.createPasskey(enrollment.options),
  );
  const result = await client.verify({ mfaToken, oobCode: enrollment.oobCode, webauthnResponse });
  return enrollment.recoveryCodes ? { ...result, recoveryCodes: enrollment.recoveryCodes } : result;
}

/**
 * Steps up with one of the user's passkeys in one call: `challenge`
 * (webauthn), the browser's passkey prompt (startAuthentication, loaded on
 * first use), then `verify`.
 * @throws StepUpError `passkey_no_credential` when the user has no passkey this step-up can use;
 *   `passkey_cancelled`, `passkey_timeout`, `passkey_not_allowed`, `passkey_wrong_rp` from the prompt;
 *   the `mfa` API's codes otherwise (`invalid_grant` for a refused answer).
 */
export async function verifyWithPasskey(options: VerifyWithPasskeyOptions): Promise<VerifyResult> {
  const { mfaToken, authenticatorId, client = mfa } = options;
  let challenge;
  try {
    challenge = await client.challenge({
      mfaToken,
      challengeType: "webauthn",
      ...(authenticatorId ? { authenticatorId } : {}),
    });
  } catch (error) {
    // The issuer's word for "no passkey of this user fits this app or API".
    if (isStepUpError(error) && error.code === "unsupported_challenge_type") {
      throw passkeyFailure("passkey_no_credential", "No passkey can be used for this step-up", {
        cause: error,
        operation: "challenge",
      });
    }
    throw error;
  }
  if (!challenge.options || !challenge.oobCode) {
    throw new StepUpError("invalid_response", "The server did not start a passkey challenge", {
      operation: "challenge",
    });
  }
  const request = challenge.options;
  const webauthnResponse = await runPrompt("authentication", request.timeout, (ceremony) =>
    ceremony.signWithPasskey(request),
  );
  return client.verify({ mfaToken, oobCode: challenge.oobCode, webauthnResponse });
}

type Ceremony = typeof import("./ceremony.js");

/** Loads the WebAuthn half on first use, runs the prompt, and codes its failure (passkey-error.ts). */
async function runPrompt<T>(
  ceremony: PasskeyFailure["ceremony"],
  timeoutMs = 300_000,
  prompt: (module: Ceremony) => Promise<T>,
): Promise<T> {
  const module = await import("./ceremony.js");
  if (!module.supportsPasskeys()) {
    throw passkeyFailure("passkey_not_allowed", "This browser does not support passkeys", {
      operation: ceremony === "registration" ? "enroll" : "verify",
    });
  }
  const started = Date.now();
  try {
    return await prompt(module);
  } catch (error) {
    throw passkeyError({ error, ceremony, elapsedMs: Date.now() - started, timeoutMs });
  }
}
