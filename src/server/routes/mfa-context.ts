import { codedError } from "../../errors/nextjs-auth0-errors.js";
import { StepUpError } from "../../errors/index.js";
import { openContext } from "../mfa/open-context.js";
import { clearPendingStepUp, readPendingStepUp } from "../step-up-cookie.js";
import { assertSameOrigin } from "./origin-check.js";
import { json } from "./respond.js";
import type { RouteHandler } from "./route-context.js";

const OPERATION = "getStepUpContext";

/**
 * `POST /auth/mfa/context`: the step-up a middleware redirect left pending
 * (`auth.requireStepUp`), read from its httpOnly cookie. Answers `{mfa_token,
 * mfa_requirements, audience, return_to}` only to a same-origin request of the
 * session the context was sealed for; a context that no longer opens is
 * answered with its error and the cookie is cleared.
 */
export const mfaContext: RouteHandler = async (request, { core, cookies }) => {
  // It only reads, but it hands out the context: a POST, because browsers send
  // Origin on every POST (a GET carries neither Origin nor, on plain http,
  // Sec-Fetch-Site), so the origin check never refuses the app's own page.
  assertSameOrigin(request, core.config.appBaseUrl);
  const pending = readPendingStepUp(core, cookies);
  if (!pending) {
    if (!(await core.sessions.read(cookies))) {
      throw codedError("unauthorized", undefined, { operation: OPERATION });
    }
    throw codedError("mfa_token_expired", "No step-up is pending (it expired or finished)", {
      operation: OPERATION,
    });
  }
  let context;
  try {
    ({ context } = await openContext(core, cookies, pending.mfaToken, OPERATION));
  } catch (error) {
    if (error instanceof StepUpError && error.code !== "unauthorized") {
      clearPendingStepUp(core, cookies);
    }
    throw error;
  }
  return json({
    mfa_token: pending.mfaToken,
    mfa_requirements: context.req,
    audience: context.aud,
    return_to: pending.returnTo,
  });
};
