import { z } from "zod";
import { randomId, sha256Hex } from "../crypto/hash.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import { readParams } from "../http/body.js";
import { COOKIE, readCookie } from "../http/cookies.js";
import { htmlResponse } from "../http/respond.js";
import { isStepUpError } from "../../errors/index.js";
import { deliverOrFail } from "../delivery/create-delivery.js";
import { generateBindingCode } from "../factors/oob/code-and-destination.js";
import { reserveSend } from "../factors/oob/send-store.js";
import { clientAddress } from "../http/client-address.js";
import { reserveBucketToken } from "../store/attempt-buckets.js";
import { findAuthorizationRequest, setSignupCheck } from "../store/authorization-requests.js";
import { insertUserIfAbsent, normalizeEmail } from "../store/users.js";
import { renderVerifyEmailPage } from "../ui/verify-email-page.js";
import { renderMessagePage } from "../ui/message-page.js";
import {
  PASSWORD_MIN_LENGTH,
  renderSignupPage,
  type SignupPageOptions,
} from "../ui/signup-page.js";
import { hashSignupCode } from "./signup-verify.js";

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
 * POST /signup (`screen_hint=signup`): creates the account (email not yet
 * verified) and mails a code to the address; the code, entered on the next
 * page (POST /signup/verify), verifies it and continues the authorization as
 * a login would. A taken address gets the very same page, and its owner a
 * note instead of a code, so sign-up never tells whether an account exists.
 * CSRF-bound like the login form; a budget per client address.
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

  // Each sign-up sends a mail: a budget per client address, reserved first.
  const budget = await reserveBucketToken(
    deps.db,
    `signup:${clientAddress(request)}`,
    LIMITS.signupBucket,
    now,
  );
  if (!budget.ok) {
    return again(`Too many attempts. Try again in ${budget.wait} seconds.`, "email", 429, {
      "retry-after": String(budget.wait),
    });
  }
  // Hashed on both paths, so a taken address answers no faster.
  const passwordHash = await deps.passwords.hash(password);
  const id = randomId(12);
  const created = await insertUserIfAbsent(deps.db, {
    id,
    email,
    name: name.trim() || null,
    password_hash: passwordHash,
    created_at: now,
  });
  const code = generateBindingCode();
  const check = {
    userId: created ? id : null,
    email: email.trim(),
    // A taken address gets a code nobody knows: every answer is wrong, as for a typo.
    codeHash: created ? hashSignupCode(transaction, code) : sha256Hex(randomId(32)),
    expiresAt: now + LIMITS.oobCodeTtl * 1000,
    answers: 0,
  };
  if (!(await setSignupCheck(deps.db, idHash, check, now))) {
    return messagePage(400, "This sign-up attempt has expired. Start again from the application.");
  }
  try {
    await sendSignupMail(deps, email.trim(), created ? code : undefined);
  } catch (error) {
    if (!isStepUpError(error) || error.code !== "delivery_failed") throw error;
    return again("We could not send the email. Wait a moment, then try again.", "email", 503);
  }
  return htmlResponse(
    renderVerifyEmailPage({
      displayName: deps.displayName,
      base: deps.issuer,
      transaction,
      email: check.email,
    }),
    200,
    {},
    new URL(pending.params.redirectUri).origin,
  );
}

/**
 * The sign-up's mail: the code for a new account, or for a taken address a
 * note to its owner (at most one per LIMITS.oobSend cooldown, so sign-up
 * cannot flood anyone's inbox; a note held back changes nothing visible).
 * @throws delivery_failed (503)
 */
async function sendSignupMail(deps: IssuerDeps, to: string, code: string | undefined) {
  const name = deps.displayName;
  if (code === undefined) {
    const reservation = await reserveSend(
      deps.db,
      `signup-notice|${sha256Hex(normalizeEmail(to))}`,
      randomId(12),
      LIMITS.oobSend,
      deps.clock(),
    );
    if (!reservation.ok) return;
    await deliverOrFail(
      deps.delivery,
      {
        channel: "email",
        to,
        subject: `${name}: someone tried to sign up with your address`,
        text:
          `Someone, perhaps you, tried to create a ${name} account with this address, ` +
          "which already has one. If it was you, sign in instead. If not, ignore this " +
          "message: nothing was changed.",
      },
      deps.logger,
    );
    return;
  }
  const minutes = Math.round(LIMITS.oobCodeTtl / 60);
  await deliverOrFail(
    deps.delivery,
    {
      channel: "email",
      to,
      subject: `${name}: confirm your email address`,
      text:
        `Your ${name} verification code is ${code}. It expires in ${minutes} minutes. ` +
        "If you did not create an account, ignore this message.",
    },
    deps.logger,
  );
}

function messagePage(status: number, message: string): Response {
  return htmlResponse(
    renderMessagePage({ heading: "Sign-up error", message, isError: true }),
    status,
  );
}
