import { MfaRequiredError } from "../../errors/index.js";
import type { Authenticator } from "../../types/index.js";
import type { Core } from "../core.js";
import { listIssuerAuthenticators } from "./get-authenticators.js";

/**
 * Rethrows a raw `mfa_required` answer with the user's authenticators, listed
 * with its mfa_token, so the 403 the browser receives already holds what a
 * step-up dialog shows first (no `GET /auth/mfa/authenticators` round trip).
 * No challenge requirement means nothing to list (enrollment): the list is
 * empty without a call. A failed listing rethrows the answer unchanged: the
 * list is a shortcut, and the UI can still fetch it. Anything else is rethrown.
 */
export async function rethrowWithAuthenticators(core: Core, error: unknown): Promise<never> {
  if (!(error instanceof MfaRequiredError) || error.authenticators !== undefined) throw error;
  let authenticators: Authenticator[] = [];
  if ((error.mfaRequirements.challenge ?? []).length > 0) {
    try {
      authenticators = await listIssuerAuthenticators(core, error.mfaToken);
    } catch {
      throw error;
    }
  }
  throw new MfaRequiredError(error.mfaToken, error.mfaRequirements, {
    description: error.message,
    status: error.status,
    cause: error.cause,
    ...(error.operation ? { operation: error.operation } : {}),
    ...(error.audience !== undefined ? { audience: error.audience } : {}),
    authenticators,
  });
}
