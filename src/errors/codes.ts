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
  // Auth0's MFA API: no factor to challenge yet (enroll one); a push not yet
  // answered, and polled too often (RFC 8628 §3.5 answers both with 400).
  association_required: 400,
  authorization_pending: 400,
  slow_down: 400,
  // Auth0's rate limits (429 with X-RateLimit-Reset), not an attempt budget.
  too_many_requests: 429,
  // A 4xx error code neither vocabulary knows; keeps the answer's own status.
  unknown_error: 400,
  // The authorization server has no such operation (Auth0: POST /mfa/recovery-codes).
  unsupported_operation: 400,
  // The token cannot show when or how the user authenticated (no auth_time /
  // amr claim): a step-up would not change that, so it is not asked for.
  unprovable_authentication: 403,
  // Step-up.
  mfa_required: 403,
  too_many_attempts: 429,
  already_enrolled: 409,
  mfa_token_expired: 401,
  mfa_token_invalid: 401,
  mfa_token_not_found: 401,
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

/**
 * Browser-only codes of a passkey prompt that gave no credential (see
 * client/passkeys/passkey-error.ts, which gives each its status). They never
 * travel on the wire, so they stay out of ERROR_STATUS, which every bundle
 * that parses a server's error carries.
 */
export type PasskeyErrorCode =
  | "passkey_cancelled"
  | "passkey_timeout"
  | "passkey_not_allowed"
  | "passkey_no_credential"
  | "passkey_wrong_rp"
  | "passkey_already_registered";

/** A code an error answer on the wire may carry. */
export type WireErrorCode = keyof typeof ERROR_STATUS;

/** A stable, lowercase snake_case error code; `switch (err.code)` narrows on it. */
export type ErrorCode = WireErrorCode | PasskeyErrorCode;

/** True for a code an error answer may carry (a passkey code never does). */
export function isErrorCode(value: unknown): value is WireErrorCode {
  return typeof value === "string" && Object.hasOwn(ERROR_STATUS, value);
}

/**
 * The description an error gets when none is given: its code as words
 * ("invalid grant"). Errors that cross the wire carry their own
 * `error_description`; a sentence per code would cost every browser bundle
 * that imports the `mfa` client a fifth of its size.
 */
export function defaultDescription(code: ErrorCode): string {
  return code.replace(/_/g, " ");
}
