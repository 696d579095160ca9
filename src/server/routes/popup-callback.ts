import type { CookieJar } from "../cookies/cookie-jar.js";
import { nowSeconds, type Core } from "../core.js";
import { redeemCode } from "../oauth/redeem-code.js";
import type { Transaction } from "../oauth/transaction.js";
import { mergeLogin, startSession } from "../session/login-session.js";
import { popupErrorMessage, popupResultPage } from "./popup-page.js";

/**
 * The callback of a popup login (`/auth/login?popup=1`): redeems the code,
 * folds the new tokens into the session the popup was opened from (or starts
 * one when there is none), and answers a page that reports the outcome to the
 * opener. Every failure is reported the same way, with its code, so the
 * opener's promise settles instead of waiting for its timeout.
 */
export async function finishPopupLogin(
  request: Request,
  core: Core,
  cookies: CookieJar,
  transaction: Transaction & { popupNonce: string },
): Promise<Response> {
  const nonce = transaction.popupNonce;
  const appOrigin = core.config.appBaseUrl.origin;
  try {
    const { response, claims } = await redeemCode(core, request, transaction);
    const now = nowSeconds(core);
    const current = await core.sessions.read(cookies);
    const session = current
      ? mergeLogin(current, response, claims, transaction, now)
      : startSession(response, claims, transaction, now);
    await core.sessions.write(cookies, session);
    return await popupResultPage({ type: "next-stepup:popup", nonce, ok: true }, appOrigin);
  } catch (error) {
    const message = popupErrorMessage(nonce, error);
    return popupResultPage(message, appOrigin, statusOf(error));
  }
}

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 600 ? status : 500;
}
