import { z } from "zod";
import { safeEqual, sha256Hex } from "../crypto/hash.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import { readParams } from "../http/body.js";
import { COOKIE, readCookie } from "../http/cookies.js";
import { htmlResponse } from "../http/respond.js";
import {
  clearSignupCheck,
  findAuthorizationRequest,
  reserveSignupAnswer,
} from "../store/authorization-requests.js";
import { markEmailVerified } from "../store/users.js";
import { renderMessagePage } from "../ui/message-page.js";
import { renderVerifyEmailPage } from "../ui/verify-email-page.js";
import { continueAfterPassword } from "./mfa-step/finish-step.js";

const formSchema = z.object({
  transaction: z.string().min(1).max(200),
  code: z.string().max(64).default(""),
});

/** Wrong codes one sign-up may try before it must start again. */
export const SIGNUP_CODE_ANSWERS = 5;

/** The stored form of a sign-up code: bound to the pending authorization that sent it. */
export function hashSignupCode(transaction: string, code: string): string {
  return sha256Hex(`signup-code:${transaction}:${code}`);
}

/**
 * POST /signup/verify: the code emailed at sign-up. A right code marks the
 * address verified (`email_verified` in the ID token and userinfo) and
 * continues the authorization like a login. A sign-up with a taken address
 * stored no code anyone knows, so every code is wrong there: the two cases
 * look the same from outside. Each answer is reserved before it is checked
 * (SIGNUP_CODE_ANSWERS per sign-up); CSRF-bound like the sign-up form.
 */
export async function handleSignupVerify(request: Request, deps: IssuerDeps): Promise<Response> {
  const origin = request.headers.get("origin");
  if (origin && origin !== "null" && origin !== new URL(deps.issuer).origin) {
    return messagePage(403, "This form was submitted from another site.");
  }
  const parsed = formSchema.safeParse(await readParams(request, LIMITS.maxBodyBytes));
  if (!parsed.success) return expired();
  const { transaction, code } = parsed.data;
  const now = deps.clock();
  const idHash = sha256Hex(transaction);
  const pending = await findAuthorizationRequest(deps.db, idHash, now);
  const browser = readCookie(request, COOKIE.browser);
  if (!pending || !browser || sha256Hex(browser) !== pending.browser_hash || !pending.signup) {
    return expired();
  }
  const check = pending.signup;
  const again = (error: string, status: number) =>
    htmlResponse(
      renderVerifyEmailPage({
        displayName: deps.displayName,
        base: deps.issuer,
        transaction,
        email: check.email,
        error,
      }),
      status,
      {},
      new URL(pending.params.redirectUri).origin,
    );
  const typed = code.replace(/\s+/g, "");
  if (!typed) return again("Enter the code.", 400);
  if (check.expiresAt <= now) {
    return messagePage(400, "This code has expired. Start again from the application.");
  }
  if (!(await reserveSignupAnswer(deps.db, idHash, SIGNUP_CODE_ANSWERS, now))) {
    return messagePage(429, "Too many wrong codes. Start again from the application.");
  }
  if (check.userId === null || !safeEqual(hashSignupCode(transaction, typed), check.codeHash)) {
    return again("That code is not valid. Check it and try again.", 401);
  }
  if (!(await clearSignupCheck(deps.db, idHash, now))) return expired();
  await markEmailVerified(deps.db, check.userId);
  return continueAfterPassword(
    deps,
    { transaction, idHash, pending: pending.params },
    check.userId,
  );
}

function expired(): Response {
  return messagePage(400, "This sign-up attempt has expired. Start again from the application.");
}

function messagePage(status: number, message: string): Response {
  return htmlResponse(
    renderMessagePage({ heading: "Sign-up error", message, isError: true }),
    status,
  );
}
