import { z } from "zod";
import { randomId, sha256Hex } from "../crypto/hash.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import { readParams } from "../http/body.js";
import { COOKIE, readCookie } from "../http/cookies.js";
import { htmlResponse } from "../http/respond.js";
import { bucketWaitSeconds, takeBucketToken } from "../store/attempt-buckets.js";
import { findAuthorizationRequest } from "../store/authorization-requests.js";
import { findUserByEmail, insertUserIfAbsent, normalizeEmail } from "../store/users.js";
import { renderMessagePage } from "../ui/message-page.js";
import {
  PASSWORD_MIN_LENGTH,
  renderSignupPage,
  type SignupPageOptions,
} from "../ui/signup-page.js";
import { continueAfterPassword } from "./mfa-step/finish-step.js";

const formSchema = z.object({
  transaction: z.string().min(1).max(200),
  email: z.string().max(320).default(""),
  name: z.string().max(200).default(""),
  password: z.string().max(1024).default(""),
  /** "signup": the login page's "Create an account" button, which only shows this form. */
  screen: z.literal("signup").optional(),
});
const emailSchema = z.email();

/**
 * POST /signup (`screen_hint=signup`): creates the account, then continues the
 * authorization exactly as a login would (MFA enrollment when the request or
 * audience needs it). CSRF-bound like the login form. A taken email answers a
 * neutral message and spends from that email's login bucket, so sign-up is no
 * faster a way to probe for accounts than the login form.
 */
export async function handleSignup(request: Request, deps: IssuerDeps): Promise<Response> {
  const origin = request.headers.get("origin");
  if (origin && origin !== "null" && origin !== new URL(deps.issuer).origin) {
    return messagePage(403, "This sign-up form was submitted from another site.");
  }
  const parsed = formSchema.safeParse(await readParams(request, LIMITS.maxBodyBytes));
  if (!parsed.success)
    return messagePage(400, "The sign-up form was incomplete. Start again from the application.");
  const { transaction, email, name, password, screen } = parsed.data;
  const now = deps.clock();
  const idHash = sha256Hex(transaction);
  const pending = await findAuthorizationRequest(deps.db, idHash, now);
  const browser = readCookie(request, COOKIE.browser);
  if (!pending || !browser || sha256Hex(browser) !== pending.browser_hash) {
    return messagePage(400, "This sign-up attempt has expired. Start again from the application.");
  }
  const again = (
    error: string | undefined,
    errorField: SignupPageOptions["errorField"],
    status: number,
    headers: Record<string, string> = {},
  ) =>
    htmlResponse(
      renderSignupPage({
        displayName: deps.displayName,
        base: deps.issuer,
        transaction,
        email,
        name,
        ...(error !== undefined ? { error } : {}),
        ...(errorField ? { errorField } : {}),
      }),
      status,
      headers,
      new URL(pending.params.redirectUri).origin,
    );
  if (screen === "signup") return again(undefined, undefined, 200);
  if (!emailSchema.safeParse(email.trim()).success)
    return again("Enter a valid email address.", "email", 400);
  if (password.length < PASSWORD_MIN_LENGTH)
    return again(`Use a password of at least ${PASSWORD_MIN_LENGTH} characters.`, "password", 400);

  const bucketKey = `login:${normalizeEmail(email)}`;
  const tooMany = (wait: number) =>
    again(`Too many attempts. Try again in ${wait} seconds.`, "email", 429, {
      "retry-after": String(wait),
    });
  const wait = await bucketWaitSeconds(deps.db, bucketKey, LIMITS.loginAttemptBucket, now);
  if (wait > 0) return tooMany(wait);
  const id = randomId(12);
  await insertUserIfAbsent(deps.db, {
    id,
    email,
    name: name.trim() || null,
    password_hash: await deps.passwords.hash(password),
    created_at: now,
  });
  const user = await findUserByEmail(deps.db, email);
  if (!user || user.id !== id) {
    const waitAfter = await takeBucketToken(deps.db, bucketKey, LIMITS.loginAttemptBucket, now);
    if (waitAfter > 0) return tooMany(waitAfter);
    return again(
      "We could not create an account with this email. If you already have one, sign in instead.",
      "email",
      409,
    );
  }
  return continueAfterPassword(deps, { transaction, idHash, pending: pending.params }, user.id);
}

function messagePage(status: number, message: string): Response {
  return htmlResponse(
    renderMessagePage({ heading: "Sign-up error", message, isError: true }),
    status,
  );
}
