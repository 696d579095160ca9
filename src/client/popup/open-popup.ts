import { PopupBlockedError } from "../../errors/index.js";
import type { PopupHost, PopupWindow } from "./popup-host.js";

const WIDTH = 500;
const HEIGHT = 680;
/** A fixed name: a stray popup of an earlier ceremony is reused rather than a second one stacked. */
const TARGET = "next-stepup-popup";

/**
 * Opens `url` in a popup, or navigates the popup the app opened itself. Must
 * run synchronously inside the user's gesture (click, key press): browsers
 * block `window.open` after an `await`.
 * @throws PopupBlockedError `popup_blocked` when the browser refused the popup
 */
export function openPopup(
  host: PopupHost,
  url: string,
  popup: PopupWindow | null | undefined,
): PopupWindow {
  if (popup === null) throw new PopupBlockedError();
  if (popup) {
    popup.location.href = url;
    return popup;
  }
  const opened = host.open(url, TARGET, features(host));
  if (!opened) throw new PopupBlockedError();
  return opened;
}

/** A popup window (not a tab) of a fixed size, centred over the page when its position is known. */
function features(host: PopupHost): string {
  const list = [`popup=yes`, `width=${WIDTH}`, `height=${HEIGHT}`];
  const { screenX, screenY, outerWidth, outerHeight } = host;
  if (screenX !== undefined && outerWidth !== undefined) {
    list.push(`left=${Math.max(0, Math.round(screenX + (outerWidth - WIDTH) / 2))}`);
  }
  if (screenY !== undefined && outerHeight !== undefined) {
    list.push(`top=${Math.max(0, Math.round(screenY + (outerHeight - HEIGHT) / 2))}`);
  }
  return list.join(",");
}
