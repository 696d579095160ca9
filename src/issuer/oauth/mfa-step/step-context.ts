import { z } from "zod";
import { sha256Hex } from "../../crypto/hash.js";
import type { IssuerDeps } from "../../deps.js";
import type { Params } from "../../http/body.js";
import { COOKIE, readCookie } from "../../http/cookies.js";
import { htmlResponse } from "../../http/respond.js";
import {
  findAuthorizationRequest,
  type AuthorizationProgress,
  type PendingAuthorization,
} from "../../store/authorization-requests.js";
import { renderMessagePage } from "../../ui/message-page.js";

/** A pending authorization whose user passed the password step in this browser. */
export interface StepContext {
  transaction: string;
  idHash: string;
  pending: PendingAuthorization;
  progress: AuthorizationProgress;
}

const transactionSchema = z.object({ transaction: z.string().min(1).max(200) });

/**
 * Loads the MFA step a form was posted for. CSRF-bound like the login form: a
 * cross-site Origin is refused, the pending authorization must belong to this
 * browser (its cookie), and the login session cookie must be the one the
 * password step created, so a transaction id alone is worth nothing.
 * Returns the error page to answer with when any check fails.
 */
export async function loadStep(
  request: Request,
  deps: IssuerDeps,
  params: Params,
): Promise<StepContext | Response> {
  const origin = request.headers.get("origin");
  if (origin && origin !== "null" && origin !== new URL(deps.issuer).origin) {
    return stepErrorPage(403, "This form was submitted from another site.");
  }
  const parsed = transactionSchema.safeParse(params);
  if (!parsed.success)
    return stepErrorPage(400, "The form was incomplete. Start again from the application.");
  const { transaction } = parsed.data;
  const idHash = sha256Hex(transaction);
  const found = await findAuthorizationRequest(deps.db, idHash, deps.clock());
  const browser = readCookie(request, COOKIE.browser);
  const session = readCookie(request, COOKIE.session);
  if (
    !found ||
    !found.progress ||
    !browser ||
    sha256Hex(browser) !== found.browser_hash ||
    !session ||
    sha256Hex(session) !== found.progress.sessionHash
  ) {
    return stepErrorPage(
      400,
      "This sign-in attempt has expired. Start again from the application.",
    );
  }
  return { transaction, idHash, pending: found.params, progress: found.progress };
}

export function stepErrorPage(status: number, message: string): Response {
  return htmlResponse(
    renderMessagePage({ heading: "Sign-in error", message, isError: true }),
    status,
  );
}

/** The origin the step's final redirect goes to (CSP form-action must allow it). */
export function clientOrigin(pending: PendingAuthorization): string {
  return new URL(pending.redirectUri).origin;
}
