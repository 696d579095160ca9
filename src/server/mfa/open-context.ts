import { codedError } from "../../errors/nextjs-auth0-errors.js";
import type { MfaOperation } from "../../errors/index.js";
import type { CookieJar } from "../cookies/cookie-jar.js";
import type { Core } from "../core.js";
import type { Session } from "../session/session.js";
import type { MfaContext } from "./mfa-context.js";

/**
 * The current session and the MFA context it owns. Every MFA operation starts
 * here, so a context is never used outside the session it was sealed for.
 * @throws StepUpError `unauthorized`, `mfa_token_invalid`, `mfa_token_expired`, `mfa_token_not_found`.
 */
export async function openContext(
  core: Core,
  jar: CookieJar,
  mfaToken: string,
  operation: MfaOperation,
): Promise<{ session: Session; context: MfaContext }> {
  const session = await core.sessions.read(jar);
  if (!session) throw codedError("unauthorized", undefined, { operation });
  if (typeof mfaToken !== "string" || mfaToken === "") {
    throw codedError("mfa_token_invalid", undefined, { operation });
  }
  const context = await core.contexts.open(mfaToken, session, operation);
  return { session, context };
}
