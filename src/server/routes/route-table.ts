import { StepUpError } from "../../errors/index.js";
import { createRequestCookieJar } from "../cookies/request-cookie-jar.js";
import type { Core } from "../core.js";
import { callback } from "./callback.js";
import { login } from "./login.js";
import { confirmedLogout, logout } from "./logout.js";
import { mfaAssociate } from "./mfa-associate.js";
import { mfaAuthenticators } from "./mfa-authenticators.js";
import { mfaChallenge } from "./mfa-challenge.js";
import { mfaContext } from "./mfa-context.js";
import { mfaDeleteAuthenticator } from "./mfa-delete-authenticator.js";
import { mfaFactors } from "./mfa-factors.js";
import { mfaRecoveryCodes } from "./mfa-recovery-codes.js";
import { mfaRenameAuthenticator } from "./mfa-rename-authenticator.js";
import { mfaVerify } from "./mfa-verify.js";
import { profile } from "./profile.js";
import { errorResponse } from "./respond.js";
import type { RouteHandler } from "./route-context.js";

type Method = "GET" | "POST" | "DELETE" | "PATCH";

/**
 * Paths under the prefix (PROTOCOL.md part B) → method → handler. A final
 * `/*` matches one path segment, which the handler reads from the URL.
 */
export const ROUTES: Record<string, Partial<Record<Method, RouteHandler>>> = {
  "/login": { GET: login },
  "/callback": { GET: callback },
  "/logout": { GET: logout, POST: confirmedLogout },
  "/profile": { GET: profile },
  "/mfa/authenticators": { GET: mfaAuthenticators },
  "/mfa/associate": { POST: mfaAssociate },
  "/mfa/challenge": { POST: mfaChallenge },
  "/mfa/verify": { POST: mfaVerify },
  "/mfa/context": { POST: mfaContext },
  "/mfa/authenticators/*": { DELETE: mfaDeleteAuthenticator, PATCH: mfaRenameAuthenticator },
  "/mfa/recovery-codes": { POST: mfaRecoveryCodes },
  "/mfa/factors": { GET: mfaFactors },
};

/**
 * Runs the route for `request`, or answers undefined when its path is not one
 * of ours. Cookies written by the handler become Set-Cookie; every answer,
 * errors included, is `Cache-Control: no-store`.
 */
export async function dispatch(core: Core, request: Request): Promise<Response | undefined> {
  const { pathname } = new URL(request.url);
  const prefix = core.config.prefix;
  if (!pathname.startsWith(`${prefix}/`)) return undefined;
  const path = pathname.slice(prefix.length);
  const methods = ROUTES[path] ?? ROUTES[path.replace(/\/[^/]+$/, "/*")];
  if (!methods) return undefined;

  const cookies = createRequestCookieJar(request);
  let response: Response;
  try {
    const handler = methods[request.method as Method];
    if (!handler) throw new StepUpError("method_not_allowed");
    response = await handler(request, { core, cookies });
  } catch (error) {
    response = errorResponse(error);
    // RFC 9110 §15.5.6: a 405 names the methods the route has.
    if (response.status === 405) response.headers.set("allow", Object.keys(methods).join(", "));
  }
  const answer = cookies.applyTo(response);
  if (!answer.headers.has("cache-control")) answer.headers.set("cache-control", "no-store");
  return answer;
}
