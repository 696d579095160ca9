import { PopupInProgressError } from "../../errors/index.js";
import type { PopupWindow } from "./popup-host.js";

/** One popup ceremony at a time (as SimpleWebAuthn allows one WebAuthn ceremony). */
export interface PopupFlight {
  /** The open popup of the ceremony in progress, if any. */
  current(): PopupWindow | undefined;
  /**
   * Claims the single slot for `popup`; call the returned function when the
   * ceremony ends.
   * @throws PopupInProgressError `popup_in_progress` while another one runs
   */
  begin(popup: PopupWindow): () => void;
}

export function createPopupFlight(): PopupFlight {
  let active: PopupWindow | undefined;
  return {
    current: () => active,
    begin(popup) {
      if (active) throw new PopupInProgressError();
      active = popup;
      return () => {
        if (active === popup) active = undefined;
      };
    },
  };
}
