import { ERROR_STATUS, isErrorCode } from "../../errors/codes.js";
import { errorFromBody } from "../../errors/from-body.js";
import { PopupCancelledError, PopupTimeoutError, type StepUpError } from "../../errors/index.js";
import {
  isPopupMessageFor,
  popupChannelName,
  type PopupMessage,
} from "../../shared/popup-message.js";
import type { PopupChannel, PopupHost, PopupMessageEvent, PopupWindow } from "./popup-host.js";

export interface WaitForPopupOptions {
  host: PopupHost;
  popup: PopupWindow;
  /** The flow's nonce; a message with any other is not ours. */
  nonce: string;
  /** The app's origin: the only origin a postMessage result is accepted from. */
  origin: string;
  /** Milliseconds. */
  timeout: number;
  signal?: AbortSignal | undefined;
  /** Treat a closed popup as cancelled (see ChallengeWithPopupOptions.detectClose). */
  detectClose: boolean;
}

/** How often the opener looks at `popup.closed` (there is no event for it). */
const POLL_MS = 500;
/**
 * After the popup is seen closed, a result it sent just before closing may
 * still be queued behind the poll; wait this long for it before calling the
 * ceremony cancelled.
 */
const CLOSE_GRACE_MS = 750;

/**
 * Waits for the popup's result message. Resolves on `ok`; rejects with the
 * reported error, PopupCancelledError (closed, or aborted without a reason),
 * PopupTimeoutError, or the signal's reason. The popup is closed on every
 * outcome except the user closing it.
 */
export function waitForPopup(options: WaitForPopupOptions): Promise<void> {
  const { host, popup, nonce, origin, signal } = options;
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    let channel: PopupChannel | undefined;
    let graceTimer: number | undefined;

    const finish = (closePopup: boolean, error?: unknown) => {
      if (settled) return;
      settled = true;
      host.removeEventListener("message", onMessage);
      channel?.close();
      host.clearTimeout(timeoutTimer);
      host.clearInterval(pollTimer);
      if (graceTimer !== undefined) host.clearTimeout(graceTimer);
      signal?.removeEventListener("abort", onAbort);
      if (closePopup) closeQuietly(popup);
      if (error === undefined) resolve();
      else reject(error);
    };

    const onResult = (message: PopupMessage) =>
      finish(true, message.ok ? undefined : errorOf(message));

    // postMessage: only from our popup, only from the app's origin, only with our nonce.
    const onMessage = (event: PopupMessageEvent) => {
      if (event.source !== popup || event.origin !== origin) return;
      if (isPopupMessageFor(event.data, nonce)) onResult(event.data);
    };
    host.addEventListener("message", onMessage);

    // BroadcastChannel: same-origin by construction; the nonce picks our flow.
    if (host.BroadcastChannel) {
      channel = new host.BroadcastChannel(popupChannelName(nonce));
      channel.addEventListener("message", (event) => {
        if (isPopupMessageFor(event.data, nonce)) onResult(event.data);
      });
    }

    const timeoutTimer = host.setTimeout(
      () => finish(true, new PopupTimeoutError(options.timeout)),
      options.timeout,
    );
    const pollTimer = host.setInterval(() => {
      if (!options.detectClose || graceTimer !== undefined || !popup.closed) return;
      graceTimer = host.setTimeout(() => finish(false, new PopupCancelledError()), CLOSE_GRACE_MS);
    }, POLL_MS);

    const onAbort = () => finish(true, signal?.reason ?? new PopupCancelledError());
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The reported error as the typed error of its code (an unknown code becomes invalid_response). */
function errorOf(message: PopupMessage): StepUpError {
  const code = message.error?.error;
  const status = isErrorCode(code) ? ERROR_STATUS[code] : 502;
  return errorFromBody(message.error ?? { error: "server_error" }, { status, operation: "login" });
}

function closeQuietly(popup: PopupWindow): void {
  try {
    if (!popup.closed) popup.close();
  } catch {
    // A popup behind a Cross-Origin-Opener-Policy cannot be reached any more.
  }
}
