import { StepUpError } from "../../errors/index.js";
import { createRequestCookieJar } from "../cookies/request-cookie-jar.js";
import type { Core } from "../core.js";
import { callback } from "./callback.js";
import { login } from "./login.js";
import { logout } from "./logout.js";
import { mfaAssociate } from "./mfa-associate.js";
import { mfaAuthenticators } from "./mfa-authenticators.js";
import { mfaChallenge } from "./mfa-challenge.js";
import { mfaContext } from "./mfa-context.js";
import { mfaVerify } from "./mfa-verify.js";
import { profile } from "./profile.js";
import { errorResponse } from "./respond.js";
import type { RouteHandler } from "./route-context.js";

/** Paths under the prefix (PROTOCOL.md part B) → method → handler. */
export const ROUTES: Record<string, Partial<Record<"GET" | "POST", RouteHandler>>> = {
  "/login": { GET: login },
  "/callback": { GET: callback },
  "/logout": { GET: logout },
  "/profile": { GET: profile },
  "/mfa/authenticators": { GET: mfaAuthenticators },
  "/mfa/associate": { POST: mfaAssociate },
  "/mfa/challenge": { POST: mfaChallenge },
  "/mfa/verify": { POST: mfaVerify },
  "/mfa/context": { POST: mfaContext },
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
  const methods = ROUTES[pathname.slice(prefix.length)];
  if (!methods) return undefined;

  const cookies = createRequestCookieJar(request);
  let response: Response;
  try {
    const handler = methods[request.method as "GET" | "POST"];
    if (!handler) throw new StepUpError("method_not_allowed");
    response = await handler(request, { core, cookies });
  } catch (error) {
    response = errorResponse(error);
  }
  const answer = cookies.applyTo(response);
  if (!answer.headers.has("cache-control")) answer.headers.set("cache-control", "no-store");
  return answer;
}
