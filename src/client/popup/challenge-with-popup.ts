import { PopupInProgressError } from "../../errors/index.js";
import { randomToken } from "../../shared/random.js";
import { routesBase, type ClientConfig } from "../client-config.js";
import { browserHost, type PopupHost, type PopupWindow } from "./popup-host.js";
import { openPopup } from "./open-popup.js";
import { createPopupFlight, type PopupFlight } from "./single-flight.js";
import { waitForPopup } from "./wait-for-popup.js";

/** Options of `challengeWithPopup`; `baseUrl`/`prefix` left out come from `configureClient`. */
export interface ChallengeWithPopupOptions extends Omit<ClientConfig, "fetch"> {
  /** The API to step up for; its token lands in the session. Default: the app's login audience. */
  audience?: string;
  /** Space-separated scopes for that API. */
  scope?: string;
  /** Sent as `acr_values`, e.g. `http://schemas.openid.net/pape/policies/2007/06/multi-factor`. */
  acrValues?: string;
  /** Sent as `max_age`: seconds the last authentication may be old (0 = authenticate now). */
  maxAge?: number;
  /** `"login"` asks for the password again before the MFA. */
  prompt?: "login";
  /** Milliseconds before giving up and closing the popup. Default 300000 (5 minutes). */
  timeout?: number;
  /** Aborting closes the popup and rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * A window the app opened itself (e.g. `window.open("", …)` in its click
   * handler before an `await`); it is navigated to the login. `null` (what a
   * blocked `window.open` returns) rejects with `popup_blocked`.
   */
  popup?: PopupWindow | null;
  /**
   * Reject with `popup_cancelled` when the popup is closed. Default true. Set
   * it to false when a `Cross-Origin-Opener-Policy: same-origin` (on the
   * app's pages or the issuer's) separates the windows: the opener then sees
   * the popup as closed as soon as it leaves the app's origin, and only the
   * result (delivered over a BroadcastChannel) or the timeout ends the wait.
   */
  detectClose?: boolean;
}

/** What a successful popup step-up resolves to; the tokens stay in the session cookie. */
export interface PopupResult {
  success: true;
}

const DEFAULT_TIMEOUT = 5 * 60 * 1000;

/**
 * Builds `challengeWithPopup` over a window-like `host`: tests inject a fake
 * one with their own single-flight slot; the exported function uses the
 * page's `window` and one slot per page.
 */
export function createChallengeWithPopup(
  getHost: () => PopupHost,
  flight: PopupFlight = createPopupFlight(),
): (options?: ChallengeWithPopupOptions) => Promise<PopupResult> {
  // Not `async`: everything up to window.open must run in the caller's
  // gesture, and an early failure still comes back as a rejected promise.
  return (options = {}) => {
    try {
      const host = getHost();
      const settings = checkOptions(options);
      if (options.signal?.aborted) {
        closeQuietly(options.popup);
        return Promise.reject(options.signal.reason);
      }
      const active = flight.current();
      if (active) {
        // Keep the ceremony in progress in front; a window the app opened for this call is not needed.
        if (options.popup && options.popup !== active) closeQuietly(options.popup);
        active.focus();
        throw new PopupInProgressError();
      }
      const nonce = randomToken(24);
      // The login route's absolute URL; its origin is the only one a result is accepted from.
      const login = new URL(`${routesBase(options)}/login`, host.location.origin);
      const popup = openPopup(host, loginUrl(login, options, nonce), options.popup);
      const end = flight.begin(popup);
      return waitForPopup({ host, popup, nonce, origin: login.origin, ...settings }).then(
        () => {
          end();
          return { success: true } as const;
        },
        (error: unknown) => {
          end();
          throw error;
        },
      );
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/**
 * Runs the hosted login + MFA in a popup for `audience`, then resolves once
 * the session holds the stepped-up token (retry the call that needed it).
 * Call it directly in a click handler: it opens the popup before its first
 * `await`, as browsers require.
 * @throws PopupBlockedError `popup_blocked`, PopupCancelledError `popup_cancelled`,
 *   PopupTimeoutError `popup_timeout`, PopupInProgressError `popup_in_progress`,
 *   StepUpError `user_mismatch` (the popup signed in someone else; the session
 *   is unchanged) or the issuer's code (e.g. `access_denied`); `signal.reason` on abort.
 * @example
 * <button onClick={() => challengeWithPopup({ audience: PAYMENTS, scope: "payments:write" })
 *   .then(() => pay(), showError)}>Pay</button>
 */
export const challengeWithPopup: (options?: ChallengeWithPopupOptions) => Promise<PopupResult> =
  /* @__PURE__ */ createChallengeWithPopup(browserHost);

function checkOptions(options: ChallengeWithPopupOptions) {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  if (!(Number.isFinite(timeout) && timeout > 0)) {
    throw new TypeError(
      'next-stepup: challengeWithPopup "timeout" must be a positive number of ms',
    );
  }
  if (options.maxAge !== undefined && !(Number.isInteger(options.maxAge) && options.maxAge >= 0)) {
    throw new TypeError(
      'next-stepup: challengeWithPopup "maxAge" must be a whole number of seconds',
    );
  }
  return { timeout, signal: options.signal, detectClose: options.detectClose ?? true };
}

/** `/auth/login?popup=1&…`: the SDK's login route, which validates every parameter again. */
function loginUrl(url: URL, options: ChallengeWithPopupOptions, nonce: string): string {
  const params: Record<string, string | undefined> = {
    popup: "1",
    popup_nonce: nonce,
    audience: options.audience,
    scope: options.scope,
    acr_values: options.acrValues,
    max_age: options.maxAge?.toString(),
    prompt: options.prompt,
  };
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.toString();
}

function closeQuietly(popup: PopupWindow | null | undefined): void {
  try {
    popup?.close();
  } catch {
    // Already gone or unreachable; nothing to clean up.
  }
}
