import * as oauth from "oauth4webapi";
import { errorFromBody } from "../../errors/from-body.js";
import { StepUpError, type MfaOperation } from "../../errors/index.js";
import { isAbort, transportError } from "../../errors/transport-error.js";

/**
 * The one function that turns whatever oauth4webapi (or the transport under it)
 * threw into a `StepUpError`, keeping the original as `cause`:
 * an OAuth error body → its code (mfa_required, invalid_grant, too_many_attempts
 * with Retry-After, …); a WWW-Authenticate challenge → its `error`; a response
 * that breaks the protocol → `invalid_response`; a transport failure, also one
 * met while reading the body (the timeout covers it) → `transportError`;
 * anything else → `server_error`.
 */
export function toStepUpError(error: unknown, operation?: MfaOperation): StepUpError {
  if (error instanceof StepUpError) return transportError(error, operation);
  if (isAbort(error)) return transportError(error, operation);
  if (error instanceof oauth.OperationProcessingError && isAbort(error.cause)) {
    return transportError(error.cause, operation);
  }
  if (error instanceof oauth.ResponseBodyError) {
    return errorFromBody(error.cause, {
      status: error.status,
      operation,
      retryAfterHeader: error.response.headers.get("retry-after"),
      cause: error,
    });
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const challenge = error.cause[0];
    return errorFromBody(
      {
        error: challenge?.parameters.error ?? "invalid_client",
        error_description: challenge?.parameters.error_description,
      },
      { status: error.status, operation, cause: error },
    );
  }
  if (error instanceof oauth.AuthorizationResponseError) {
    return errorFromBody(
      { error: error.error, error_description: error.error_description },
      { status: 400, operation, cause: error },
    );
  }
  if (
    error instanceof oauth.OperationProcessingError ||
    error instanceof oauth.UnsupportedOperationError
  ) {
    return new StepUpError("invalid_response", undefined, { operation, cause: error });
  }
  return new StepUpError("server_error", undefined, { operation, cause: error });
}
