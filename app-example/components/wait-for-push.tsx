"use client";

import { verifyPush, type VerifyResult } from "next-stepup/client";
import { useEffect, useRef, useState } from "react";
import { describeError } from "@/lib/describe-error";

export interface WaitForPushProps {
  mfaToken: string;
  /** The push's `oobCode` (from `mfa.challenge`, or from the push enrollment). */
  oobCode: string;
  /** What the user is asked to approve, e.g. "the sign-in request". */
  what: string;
  onApproved(result: VerifyResult): void;
  /** "Send another push": asks the parent for a new `oobCode`. */
  onRetry(): void;
}

/**
 * Waits for the user to approve a push on their device: `verifyPush` polls
 * at the interval the authorization server allows (Auth0: every 5 s, longer
 * after `slow_down`). Unmounting (the dialog's Cancel, "Try another way")
 * aborts the polling, so a closed dialog sends no more requests. A denied
 * push (`access_denied`) or one left unanswered (`expired_token`) shows its
 * coded error, with a way to send another push.
 */
export function WaitForPush({ mfaToken, oobCode, what, onApproved, onRetry }: WaitForPushProps) {
  const [error, setError] = useState<{ code: string; text: string } | null>(null);
  // The parent's callback of the moment: a new one must not restart the wait.
  const approved = useRef(onApproved);
  approved.current = onApproved;

  useEffect(() => {
    const controller = new AbortController();
    verifyPush({ mfaToken, oobCode, signal: controller.signal }).then(
      (result) => !controller.signal.aborted && approved.current(result),
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const code = (err as { code?: unknown } | null)?.code;
        setError({ code: typeof code === "string" ? code : "unknown", text: describeError(err) });
      },
    );
    return () => controller.abort();
  }, [mfaToken, oobCode]);

  if (error) {
    return (
      <div className="stack">
        <p role="alert" className="error" data-error-code={error.code}>
          {error.text}
        </p>
        <button type="button" className="button" onClick={onRetry}>
          Send another push
        </button>
      </div>
    );
  }
  return (
    <p role="status" aria-busy="true" data-testid="push-pending">
      We sent a push notification. Approve {what} on your device; this page continues by itself.
    </p>
  );
}
