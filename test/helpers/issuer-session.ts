import { expect } from "@jest/globals";
import { HostedBrowser } from "./hosted-browser.js";
import { APP, type Browser, type StepUpApp } from "./step-up-app.js";

/**
 * A browser's session at the issuer: the first sign-in posts the password
 * on the hosted page; later ones find the issuer session and come straight
 * back (as a real browser's would).
 */
export interface IssuerSession {
  /** The issuer side of the browser (its cookies on the issuer's origin). */
  hosted: HostedBrowser;
  /**
   * Follows the app's `/auth/login` answer through the issuer and back to the
   * app; returns the app's answer to the callback.
   */
  complete(browser: Browser, login: Response): Promise<Response>;
  /** `/auth/login?returnTo=…` for `browser`, through to the callback's answer. */
  signIn(browser: Browser, query?: string): Promise<Response>;
}

export function issuerSession(app: StepUpApp): IssuerSession {
  const hosted = new HostedBrowser(app.issuer.fetch, app.issuer.url);
  const complete = async (browser: Browser, login: Response): Promise<Response> => {
    let next = new URL(login.headers.get("location") ?? "", APP);
    for (let hop = 0; hop < 5; hop++) {
      if (next.origin === APP) return browser.fetch(next.href);
      expect(next.origin).toBe(app.issuer.url);
      const answer = await hosted.get(next.href);
      const signedIn =
        answer.status === 200
          ? await hosted.submit(await answer.text(), "/login", app.issuer.user)
          : answer;
      next = new URL(signedIn.headers.get("location") ?? "", app.issuer.url);
    }
    throw new Error("the sign-in did not come back to the app");
  };
  return {
    hosted,
    complete,
    signIn: async (browser, query = "") =>
      complete(browser, await browser.fetch(`${APP}/auth/login${query}`)),
  };
}
