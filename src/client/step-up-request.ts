import { ERROR_STATUS, isErrorCode } from "../errors/codes.js";
import { errorFromBody, readAuthenticators } from "../errors/from-body.js";
import { MfaRequiredError, StepUpError, type MfaRequirements } from "../errors/index.js";
import { findInsufficientUserAuthentication } from "../shared/www-authenticate.js";
import type { Authenticator, StepUpActionError } from "../types/index.js";

/**
 * Why a call needs a step-up, handed to the app's `onStepUp`:
 * - `mfa_required`: the SDK's 403 (a route handler, a server action, an
 *   `mfa.*` call); run the `mfa` API (or a popup) with `mfaToken`, the sealed
 *   context. `authenticators`, when present, is the user's list, so the UI
 *   can ask for a code without listing them first.
 * - `insufficient_user_authentication`: an RFC 9470 401 from a resource
 *   server; there is no context, so sign in again with `acrValues`/`maxAge`
 *   (e.g. in a popup).
 */
export type StepUpRequest =
  | {
      reason: "mfa_required";
      error: MfaRequiredError;
      mfaToken: string;
      mfaRequirements: MfaRequirements;
      audience?: string;
      authenticators?: Authenticator[];
    }
  | {
      reason: "insufficient_user_authentication";
      error: StepUpError;
      acrValues: string[];
      maxAge?: number;
    };

/**
 * The step-up a response asks for, if any: a 403 JSON `mfa_required`, or a 401
 * whose `WWW-Authenticate` carries a Bearer `insufficient_user_authentication`
 * challenge. Reads a clone, so the caller can still read the body.
 */
export async function stepUpRequestFromResponse(
  response: Response,
): Promise<StepUpRequest | undefined> {
  if (response.status === 401) {
    const signal = findInsufficientUserAuthentication(response.headers.get("www-authenticate"));
    if (!signal) return undefined;
    return {
      reason: "insufficient_user_authentication",
      error: new StepUpError("insufficient_user_authentication", signal.description),
      acrValues: signal.acrValues,
      ...(signal.maxAge !== undefined ? { maxAge: signal.maxAge } : {}),
    };
  }
  if (response.status !== 403) return undefined;
  if (!/\bjson\b/i.test(response.headers.get("content-type") ?? "")) return undefined;
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => undefined);
  return stepUpRequestFromError(
    errorFromBody(body, { status: 403, authenticators: readAuthenticators(body) }),
  );
}

/** The step-up a server action's error result (`withStepUpAction`) asks for, if any. */
export function stepUpRequestFromActionError(error: StepUpActionError): StepUpRequest | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  return stepUpRequestFromError(
    errorFromBody(error, {
      status: (isErrorCode(error.error) ? ERROR_STATUS[error.error] : undefined) ?? 500,
      authenticators: readAuthenticators(error),
    }),
  );
}

/** The step-up a thrown (or answered) error asks for: only `MfaRequiredError` carries a context. */
export function stepUpRequestFromError(error: unknown): StepUpRequest | undefined {
  if (!(error instanceof MfaRequiredError)) return undefined;
  return {
    reason: "mfa_required",
    error,
    mfaToken: error.mfaToken,
    mfaRequirements: error.mfaRequirements,
    ...(error.audience !== undefined ? { audience: error.audience } : {}),
    ...(error.authenticators !== undefined ? { authenticators: error.authenticators } : {}),
  };
}
