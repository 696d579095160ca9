import { StepUpError } from "../../errors/index.js";
import { nowSeconds } from "../core.js";
import { redeemCode } from "../oauth/redeem-code.js";
import { startSession } from "../session/login-session.js";
import { finishPopupLogin } from "./popup-callback.js";
import { redirect } from "./respond.js";
import { returnUrl } from "./return-to.js";
import type { RouteHandler } from "./route-context.js";

/** `GET /auth/callback`: checks state, redeems the code with the PKCE verifier, starts the session. */
export const callback: RouteHandler = async (request, { core, cookies }) => {
  const transaction = await core.transactions.take(cookies);
  if (!transaction) {
    throw new StepUpError("invalid_request", "No login in progress (or it expired); start again");
  }
  if (transaction.popupNonce !== undefined) {
    return finishPopupLogin(request, core, cookies, {
      ...transaction,
      popupNonce: transaction.popupNonce,
    });
  }
  const { response, claims } = await redeemCode(core, request, transaction);
  const session = startSession(response, claims, transaction, nowSeconds(core));
  await core.sessions.write(cookies, session);
  return redirect(returnUrl(transaction.returnTo, core.config.appBaseUrl));
};
