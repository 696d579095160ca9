/**
 * The parts of `window` the popup step-up uses. The browser's `window` is
 * one; tests pass a small fake, so no global is patched.
 */
export interface PopupHost {
  open(url: string, target: string, features: string): PopupWindow | null;
  addEventListener(type: "message", listener: (event: PopupMessageEvent) => void): void;
  removeEventListener(type: "message", listener: (event: PopupMessageEvent) => void): void;
  setTimeout(handler: () => void, ms: number): number;
  clearTimeout(id: number): void;
  setInterval(handler: () => void, ms: number): number;
  clearInterval(id: number): void;
  readonly location: { readonly origin: string };
  /** Used to centre the popup over the page; absent = let the browser place it. */
  readonly screenX?: number;
  readonly screenY?: number;
  readonly outerWidth?: number;
  readonly outerHeight?: number;
  /** Absent in old browsers: then only postMessage can deliver the result. */
  readonly BroadcastChannel?: new (name: string) => PopupChannel;
}

/** The popup as the opener sees it (a WindowProxy in the browser). */
export interface PopupWindow {
  readonly closed: boolean;
  close(): void;
  focus(): void;
  location: { href: string };
}

export interface PopupMessageEvent {
  readonly origin: string;
  readonly source: unknown;
  readonly data: unknown;
}

export interface PopupChannel {
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  close(): void;
}

/** The page's own window; looked up at call time so that importing on the server is harmless. */
export function browserHost(): PopupHost {
  if (typeof window === "undefined") {
    throw new TypeError("next-stepup: challengeWithPopup runs in the browser only");
  }
  return window;
}
