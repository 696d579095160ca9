import { StepUpError, type StepUpErrorOptions } from "./step-up-error.js";

/*
 * The popup step-up's failures, as classes so that an app can `instanceof`
 * them as well as `switch (err.code)`. They never travel on the wire: they
 * are raised in the browser by `challengeWithPopup`.
 */

type PopupErrorOptions = StepUpErrorOptions & { description?: string };

/** `window.open` returned null: the browser blocked the popup (open it inside a click handler). */
export class PopupBlockedError extends StepUpError {
  constructor(options: PopupErrorOptions = {}) {
    super("popup_blocked", options.description, options);
  }
}

/** The user closed the popup before the step-up finished (or an abort signal ended it). */
export class PopupCancelledError extends StepUpError {
  constructor(options: PopupErrorOptions = {}) {
    super("popup_cancelled", options.description, options);
  }
}

/** The popup did not report back within `timeout` milliseconds; it has been closed. */
export class PopupTimeoutError extends StepUpError {
  /** The timeout that ran out, in milliseconds. */
  readonly timeout: number;

  constructor(timeout: number, options: PopupErrorOptions = {}) {
    super("popup_timeout", options.description, options);
    this.timeout = timeout;
  }
}

/** A popup step-up is already open; only one ceremony runs at a time. */
export class PopupInProgressError extends StepUpError {
  constructor(options: PopupErrorOptions = {}) {
    super("popup_in_progress", options.description, options);
  }
}
