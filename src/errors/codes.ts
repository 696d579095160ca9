/**
 * Every error code the SDK (server and browser) produces or passes through
 * from the authorization server, and the HTTP status each one answers with.
 * Codes mirror OAuth's `error` values (RFC 6749 §5.2, Auth0's MFA API) so the
 * same string is seen on the wire and in `err.code`. A code only the issuer
 * uses (`unsupported_response_type`, which its /authorize redirects carry
 * and the SDK never provokes) stays out, so the union is what an app can
 * actually meet. Internal: the entry points export the `ErrorCode` type only.
 */
export const ERROR_STATUS = {
  // Request shape and client authentication (issuer and SDK routes).
  invalid_request: 400,
  invalid_client: 401,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  unsupported_challenge_type: 400,
  invalid_scope: 400,
  not_found: 404,
  method_not_allowed: 405,
  // Grants and tokens.
  invalid_grant: 403,
  expired_token: 401,
  invalid_token: 401,
  insufficient_scope: 403,
  access_denied: 403,
  // Step-up.
  mfa_required: 403,
  too_many_attempts: 429,
  already_enrolled: 409,
  mfa_token_expired: 401,
  mfa_token_invalid: 401,
  mfa_token_mismatch: 401,
  mfa_no_available_factors: 400,
  // RFC 9470: a resource server wants a stronger or fresher authentication.
  insufficient_user_authentication: 401,
  // A popup sign-in came back as another user than the session's.
  user_mismatch: 403,
  // Email/SMS delivery failed; the attempt is not counted against the user.
  delivery_failed: 503,
  // Browser-only: the popup step-up (never on the wire; status mirrors the meaning).
  popup_blocked: 400,
  popup_cancelled: 400,
  popup_timeout: 408,
  popup_in_progress: 409,
  // The SDK's own routes.
  unauthorized: 401,
  forbidden_origin: 403,
  // Transport: the far side could not be reached or answered nonsense.
  network_error: 502,
  // The far side did not answer within the SDK's `httpTimeout`.
  timeout: 504,
  invalid_response: 502,
  server_error: 500,
} as const;

/** A stable, lowercase snake_case error code; `switch (err.code)` narrows on it. */
export type ErrorCode = keyof typeof ERROR_STATUS;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(ERROR_STATUS, value);
}

/** Human-readable defaults, used when no more specific description is given. */
export const DEFAULT_DESCRIPTION: Record<ErrorCode, string> = {
  invalid_request: "The request is missing a parameter or has a malformed one",
  invalid_client: "Client authentication failed",
  unauthorized_client: "The client is not allowed to use this grant",
  unsupported_grant_type: "Unsupported grant type",
  unsupported_challenge_type: "Unsupported challenge type",
  invalid_scope: "The requested scope is invalid",
  not_found: "Not found",
  method_not_allowed: "Method not allowed",
  invalid_grant: "The grant is invalid, expired or already used",
  expired_token: "The token has expired or was already used",
  invalid_token: "The token is invalid",
  insufficient_scope: "The token lacks the required scope",
  access_denied: "Access denied",
  mfa_required: "Multifactor authentication required",
  too_many_attempts: "Too many attempts; try again later",
  already_enrolled: "An authenticator is already enrolled; verify it first",
  mfa_token_expired: "The MFA context has expired; start the step-up again",
  mfa_token_invalid: "The MFA context is invalid",
  mfa_token_mismatch: "The MFA context belongs to another session",
  mfa_no_available_factors: "No authentication factor is available for this step-up",
  insufficient_user_authentication: "A stronger or more recent authentication is required",
  user_mismatch: "The sign-in was completed by another user than the session's",
  delivery_failed: "The code could not be delivered; try again later",
  popup_blocked: "The browser blocked the step-up popup",
  popup_cancelled: "The step-up popup was closed before it finished",
  popup_timeout: "The step-up popup did not finish in time",
  popup_in_progress: "Another step-up popup is already open",
  unauthorized: "Not signed in",
  forbidden_origin: "Cross-origin request refused",
  network_error: "The authorization server could not be reached",
  timeout: "The authorization server did not answer in time",
  invalid_response: "The authorization server sent an unexpected response",
  server_error: "Internal error",
};
