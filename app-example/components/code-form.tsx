"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { describeError } from "@/lib/describe-error";

export interface CodeFormProps {
  /** "otp": a 6-digit code from the authenticator app; "recovery": a recovery code. */
  kind: "otp" | "recovery";
  /** The field's label; by default "Authentication code" or "Recovery code". */
  label?: string;
  /** Resolves when the code was accepted; rejects with a StepUpError otherwise. */
  onVerify(code: string): Promise<void>;
}

/** One code input with its Verify button, busy state and error message. */
export function CodeForm({ kind, label, onVerify }: CodeFormProps) {
  const inputId = useId();
  const errorId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onVerify(kind === "otp" ? code.replace(/\s+/g, "") : code.trim());
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
      input.current?.select();
      input.current?.focus();
    }
  }

  const otp = kind === "otp";
  return (
    <form className="code-form" onSubmit={submit}>
      <label htmlFor={inputId}>{label ?? (otp ? "Authentication code" : "Recovery code")}</label>
      <input
        ref={input}
        id={inputId}
        name={otp ? "otp" : "recovery_code"}
        value={code}
        onChange={(event) => setCode(event.target.value)}
        autoFocus
        required
        autoComplete={otp ? "one-time-code" : "off"}
        inputMode={otp ? "numeric" : "text"}
        pattern={otp ? "[0-9]*" : undefined}
        maxLength={otp ? 6 : 64}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className={otp ? "code-input" : undefined}
      />
      {error ? (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={busy}>
        {busy ? "Verifying…" : "Verify"}
      </button>
    </form>
  );
}
