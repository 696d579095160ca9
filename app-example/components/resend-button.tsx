"use client";

import { useEffect, useState } from "react";

export interface ResendButtonProps {
  /** Seconds before the first resend is allowed (the issuer's cooldown). */
  cooldown: number;
  /** Sends a new code; resolves to the seconds until the next resend is allowed. */
  onResend(): Promise<number>;
}

/**
 * "Send a new code" with a visible countdown. The countdown lives in the
 * button's own text rather than a live region, so screen readers are not
 * interrupted every second; the button's parent announces "code sent" once.
 */
export function ResendButton({ cooldown, onResend }: ResendButtonProps) {
  const [waitUntil, setWaitUntil] = useState(() => Date.now() + cooldown * 1000);
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (now >= waitUntil) return;
    const timer = setTimeout(() => setNow(Date.now()), 1000 - ((waitUntil - now) % 1000 || 0));
    return () => clearTimeout(timer);
  }, [now, waitUntil]);

  const left = Math.max(0, Math.ceil((waitUntil - now) / 1000));
  const resend = async () => {
    setBusy(true);
    try {
      const seconds = await onResend();
      setWaitUntil(Date.now() + seconds * 1000);
      setNow(Date.now());
    } finally {
      setBusy(false);
    }
  };

  return (
    <button
      type="button"
      className="link-button"
      onClick={resend}
      disabled={busy || left > 0}
      data-testid="resend-code"
    >
      {left > 0 ? `Send a new code in ${left} s` : busy ? "Sending…" : "Send a new code"}
    </button>
  );
}
