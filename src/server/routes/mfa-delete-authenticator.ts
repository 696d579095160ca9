import { StepUpError } from "../../errors/index.js";
import { deleteAuthenticator } from "../mfa/delete-authenticator.js";
import { assertSameOrigin } from "./origin-check.js";
import type { RouteHandler } from "./route-context.js";

/**
 * `DELETE /auth/mfa/authenticators/{id}`: on the session cookie (a settings
 * page has no step-up context), origin-checked. 204 when removed; 403
 * `mfa_required` with a sealed context when the issuer's MFA API wants a step-up.
 */
export const mfaDeleteAuthenticator: RouteHandler = async (request, { core, cookies }) => {
  assertSameOrigin(request, core.config.appBaseUrl);
  await deleteAuthenticator(core, cookies, authenticatorIdOf(request));
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
};

/** The `{id}` of `/auth/mfa/authenticators/{id}`, percent-decoded. @throws StepUpError `invalid_request` */
export function authenticatorIdOf(request: Request): string {
  const { pathname } = new URL(request.url);
  try {
    return decodeURIComponent(pathname.slice(pathname.lastIndexOf("/") + 1));
  } catch {
    throw new StepUpError("invalid_request", 'Invalid "id": bad percent-encoding');
  }
}
