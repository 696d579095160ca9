import { z } from "zod";
import { sha256Hex } from "../crypto/hash.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import { readParams } from "../http/body.js";
import { COOKIE, readCookie } from "../http/cookies.js";
import { htmlResponse } from "../http/respond.js";
import { findAuthorizationRequest } from "../store/authorization-requests.js";
import { findUserByEmail } from "../store/users.js";
import { renderLoginPage } from "../ui/login-page.js";
import { renderMessagePage } from "../ui/message-page.js";
import { checkPassword } from "./check-password.js";
import { continueAfterPassword } from "./mfa-step/finish-step.js";
import { reservePasswordAttempt } from "./password-budget.js";

const loginSchema = z.object({
  transaction: z.string().min(1).max(200),
  email: z.string().max(320).default(""),
  password: z.string().max(1024).default(""),
  /** "login": the sign-up page's "sign in instead" button, which only shows this form. */
  screen: z.literal("login").optional(),
});

/**
 * POST /login: the hosted login form. Login CSRF is refused twice over: the
 * pending authorization must belong to this browser (a cookie set when the
 * form was shown), and a cross-site Origin is rejected. A correct password
 * either finishes the authorization or leads to the MFA step.
 */
export async function handleLogin(request: Request, deps: IssuerDeps): Promise<Response> {
  const origin = request.headers.get("origin");
  if (origin && origin !== "null" && origin !== new URL(deps.issuer).origin) {
    return messagePage(403, "This sign-in form was submitted from another site.");
  }
  const parsed = loginSchema.safeParse(await readParams(request, LIMITS.maxBodyBytes));
  if (!parsed.success)
    return messagePage(400, "The sign-in form was incomplete. Start again from the application.");
  const { transaction, email, password, screen } = parsed.data;
  const now = deps.clock();
  const idHash = sha256Hex(transaction);
  const pending = await findAuthorizationRequest(deps.db, idHash, now);
  const browser = readCookie(request, COOKIE.browser);
  if (!pending || !browser || sha256Hex(browser) !== pending.browser_hash) {
    return messagePage(400, "This sign-in attempt has expired. Start again from the application.");
  }
  const again = (error: string | undefined, status: number, headers: Record<string, string> = {}) =>
    htmlResponse(
      renderLoginPage({
        displayName: deps.displayName,
        action: `${deps.issuer}/login`,
        transaction,
        email,
        ...(error !== undefined ? { error } : {}),
        ...(pending.params.screenHint === "signup"
          ? { signupAction: `${deps.issuer}/signup` }
          : {}),
      }),
      status,
      headers,
      new URL(pending.params.redirectUri).origin,
    );
  if (screen === "login") return again(undefined, 200);
  if (!email.trim() || !password) return again("Enter your email and password.", 400);

  // Reserved before the check; a right password gives the attempt back, so
  // only wrong ones spend. An empty bucket refuses every try.
  const reservation = await reservePasswordAttempt(deps, request, email);
  if (!reservation.ok) {
    const wait = reservation.wait;
    return again(`Too many attempts. Try again in ${wait} seconds.`, 429, {
      "retry-after": String(wait),
    });
  }
  const user = await findUserByEmail(deps.db, email);
  // Unknown users go through checkPassword too: the same scrypt work either way.
  if (!(await checkPassword(deps, user, password)) || !user) {
    return again("Wrong email or password.", 401);
  }
  await reservation.refund();
  return continueAfterPassword(deps, { transaction, idHash, pending: pending.params }, user.id);
}

function messagePage(status: number, message: string): Response {
  return htmlResponse(
    renderMessagePage({ heading: "Sign-in error", message, isError: true }),
    status,
  );
}
