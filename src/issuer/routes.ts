import { MANAGEMENT_ROUTES } from "./management-routes.js";
import type { RouteTable } from "./http/router.js";
import { handleAssociate } from "./mfa/associate.js";
import { handleChallenge } from "./mfa/challenge.js";
import { handleDevOutbox } from "./dev/outbox.js";
import { handleDevPush } from "./dev/push-answer.js";
import { handleListAuthenticators } from "./mfa/list-authenticators.js";
import { handleAuthorize } from "./oauth/authorize.js";
import { handleDiscovery, handleJwks } from "./oauth/discovery.js";
import { handleLogin } from "./oauth/login.js";
import { handleLogout } from "./oauth/logout.js";
import { handleRevoke } from "./oauth/revoke.js";
import { handleToken } from "./oauth/token.js";
import { handleUserinfo } from "./oauth/userinfo.js";
import { handleMfaChoose } from "./oauth/mfa-step/choose.js";
import { handleMfaContinue } from "./oauth/mfa-step/continue.js";
import { handleMfaVerify } from "./oauth/mfa-step/verify.js";
import { handleSignup } from "./oauth/signup.js";
import { handleSignupVerify } from "./oauth/signup-verify.js";

/** Every endpoint of the issuer (PROTOCOL.md part A). */
export const ROUTES: RouteTable = {
  "GET /.well-known/openid-configuration": handleDiscovery,
  "GET /.well-known/jwks.json": handleJwks,
  "GET /authorize": handleAuthorize,
  "POST /login": handleLogin,
  "POST /oauth/token": handleToken,
  "POST /oauth/revoke": handleRevoke,
  "GET /userinfo": handleUserinfo,
  "POST /userinfo": handleUserinfo,
  "GET /oidc/logout": handleLogout,
  "POST /oidc/logout": handleLogout,
  "GET /mfa/authenticators": handleListAuthenticators,
  "POST /mfa/associate": handleAssociate,
  "POST /mfa/challenge": handleChallenge,
  "POST /login/mfa/verify": handleMfaVerify,
  "POST /login/mfa/choose": handleMfaChoose,
  "POST /login/mfa/continue": handleMfaContinue,
  "POST /signup": handleSignup,
  "POST /signup/verify": handleSignupVerify,
  "GET /dev/outbox": handleDevOutbox,
  "POST /dev/push": handleDevPush,
  // MFA API calls with an access token for {issuer}/mfa/, and the admin API.
  ...MANAGEMENT_ROUTES,
};
