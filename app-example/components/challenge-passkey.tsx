"use client";

import { verifyWithPasskey, type Authenticator } from "next-stepup/client";
import { useId, useState } from "react";
import { describeError } from "@/lib/describe-error";

export interface ChallengePasskeyProps {
  mfaToken: string;
  authenticator: Authenticator;
  onVerified(): void;
}

/**
 * One button: `verifyWithPasskey` asks the app's routes for a challenge,
 * runs the browser's passkey prompt (its code loads on this first use) and
 * verifies the answer. The prompt needs a user gesture in some browsers, so
 * it never starts on its own.
 */
export function ChallengePasskey({ mfaToken, authenticator, onVerified }: ChallengePasskeyProps) {
  const errorId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function usePasskey() {
    setBusy(true);
    setError(null);
    try {
      await verifyWithPasskey({ mfaToken, authenticatorId: authenticator.id });
      onVerified();
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <p>Confirm it&apos;s you with your passkey ({authenticator.name ?? "Passkey"}).</p>
      {error ? (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      ) : null}
      <button
        type="button"
        className="button"
        disabled={busy}
        aria-describedby={error ? errorId : undefined}
        onClick={() => void usePasskey()}
        autoFocus
      >
        {busy ? "Waiting for your passkey…" : "Use your passkey"}
      </button>
    </div>
  );
}
