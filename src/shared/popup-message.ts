/**
 * The one message a popup step-up's callback page sends to the window that
 * opened it (by `postMessage`, or over a BroadcastChannel when a
 * Cross-Origin-Opener-Policy cut `window.opener`). It carries the outcome
 * only: tokens stay in the session cookie.
 */
export interface PopupMessage {
  type: typeof POPUP_MESSAGE_TYPE;
  /** The per-flow nonce the opener chose; the opener ignores any other. */
  nonce: string;
  ok: boolean;
  /** When `ok` is false: the error's wire shape `{error, error_description}`. */
  error?: { error: string; error_description?: string };
}

export const POPUP_MESSAGE_TYPE = "next-stepup:popup";

/** base64url, 22+ characters (≥ 128 bits): what `/auth/login` accepts as `popup_nonce`. */
export const POPUP_NONCE_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

/**
 * The BroadcastChannel both sides use for one flow. BroadcastChannel only
 * reaches same-origin documents, and the nonce makes the name unguessable
 * to other flows of the same app.
 */
export function popupChannelName(nonce: string): string {
  return `${POPUP_MESSAGE_TYPE}:${nonce}`;
}

/** Is `data` the popup message for `nonce`? Anything else on the channel is ignored. */
export function isPopupMessageFor(data: unknown, nonce: string): data is PopupMessage {
  if (typeof data !== "object" || data === null) return false;
  const message = data as Record<string, unknown>;
  return (
    message.type === POPUP_MESSAGE_TYPE &&
    message.nonce === nonce &&
    typeof message.ok === "boolean"
  );
}
