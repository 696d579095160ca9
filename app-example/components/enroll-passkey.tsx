"use client";

import { enrollPasskey } from "next-stepup/client";
import { useId, useState, type FormEvent } from "react";
import { describeError } from "@/lib/describe-error";

export interface EnrollPasskeyProps {
  mfaToken: string;
  /** Called once the passkey is registered (the step-up is then done), with the recovery codes to show. */
  onEnrolled(recoveryCodes: string[]): void;
}

/**
 * Creates a passkey: `enrollPasskey` starts the registration on the app's
 * routes, runs the browser's passkey prompt and verifies it, in one call.
 * The name helps the user tell passkeys apart in the security settings.
 */
export function EnrollPasskey({ mfaToken, onEnrolled }: EnrollPasskeyProps) {
  const inputId = useId();
  const errorId = useId();
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const label = name.trim();
      const { recoveryCodes } = await enrollPasskey({
        mfaToken,
        ...(label ? { name: label } : {}),
      });
      onEnrolled(recoveryCodes ?? []);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={submit}>
      <h3>Create a passkey</h3>
      <p>
        Your device will ask for your fingerprint, face or screen lock. The passkey stays with you:
        nothing to type, and it works only on this site.
      </p>
      <label htmlFor={inputId}>Name (optional)</label>
      <input
        id={inputId}
        name="passkey_name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        maxLength={64}
        placeholder="e.g. My laptop"
        autoComplete="off"
        aria-describedby={error ? errorId : undefined}
      />
      {error ? (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={busy}>
        {busy ? "Waiting for your passkey…" : "Create a passkey"}
      </button>
    </form>
  );
}
