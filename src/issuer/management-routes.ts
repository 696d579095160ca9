import {
  handleDeleteMfaExemption,
  handleGetMfaExemption,
  handlePutMfaExemption,
} from "./admin/mfa-exemption.js";
import {
  handleAdminDeleteAuthenticator,
  handleAdminListAuthenticators,
  handleAdminRenameAuthenticator,
  handleAdminResetMfa,
} from "./admin/user-authenticators.js";
import { handleUserEvents } from "./admin/user-events.js";
import { handleUsersByEmail } from "./admin/users-by-email.js";
import type { RouteTable } from "./http/router.js";
import { handleDeleteAuthenticator } from "./mfa/delete-authenticator.js";
import { handleRenameAuthenticator } from "./mfa/rename-authenticator.js";
import { handleRegenerateRecoveryCodes } from "./factors/recovery-code/regenerate.js";

/**
 * Factor management: the user's own (MFA API, bearer: an access token for
 * `{issuer}/mfa/`) and the admin API's (bearer: a client_credentials token
 * for `{issuer}/api/v2/`). `{name}` segments are read with routeParams.
 */
export const MANAGEMENT_ROUTES: RouteTable = {
  "DELETE /mfa/authenticators/{id}": handleDeleteAuthenticator,
  "PATCH /mfa/authenticators/{id}": handleRenameAuthenticator,
  "POST /mfa/recovery-codes": handleRegenerateRecoveryCodes,
  "GET /api/v2/users-by-email": handleUsersByEmail,
  "GET /api/v2/users/{userId}/authenticators": handleAdminListAuthenticators,
  "DELETE /api/v2/users/{userId}/authenticators": handleAdminResetMfa,
  "DELETE /api/v2/users/{userId}/authenticators/{authenticatorId}": handleAdminDeleteAuthenticator,
  "PATCH /api/v2/users/{userId}/authenticators/{authenticatorId}": handleAdminRenameAuthenticator,
  "GET /api/v2/users/{userId}/mfa-exemption": handleGetMfaExemption,
  "PUT /api/v2/users/{userId}/mfa-exemption": handlePutMfaExemption,
  "DELETE /api/v2/users/{userId}/mfa-exemption": handleDeleteMfaExemption,
  "GET /api/v2/users/{userId}/events": handleUserEvents,
};
