"use client";

import { mfa, TooManyAttemptsError } from "next-stepup/client";
import { useId, useState, type FormEvent } from "react";
import { describeError } from "@/lib/describe-error";
import { RESEND_COOLDOWN_SECONDS } from "@/lib/resend-cooldown";
import { CodeForm } from "./code-form";
import { ResendButton } from "./resend-button";

export interface EnrollOobProps {
  mfaToken: string;
  channel: "email" | "sms";
  /** Called once the first code confirmed the enrollment, with the recovery codes to show. */
  onEnrolled(recoveryCodes: string[]): void;
}

interface Pending {
  destination: string;
  oobCode: string;
  recoveryCodes: string[];
}

/** Enrolls an email address or phone number: the destination, then the code sent to it. */
export function EnrollOob({ mfaToken, channel, onEnrolled }: EnrollOobProps) {
  const inputId = useId();
  const hintId = useId();
  const [destination, setDestination] = useState("");
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const email = channel === "email";

  const send = async (to: string): Promise<Pending> => {
    const enrollment = await mfa.enroll(
      email
        ? { mfaToken, authenticatorTypes: ["oob"], oobChannels: ["email"], email: to }
        : { mfaToken, authenticatorTypes: ["oob"], oobChannels: ["sms"], phoneNumber: to },
    );
    if (enrollment.authenticatorType !== "oob") throw new TypeError("Unexpected enrollment type");
    return {
      destination: to,
      oobCode: enrollment.oobCode,
      recoveryCodes: enrollment.recoveryCodes ?? [],
    };
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setPending(await send(destination.trim()));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  if (!pending) {
    return (
      <form className="code-form" onSubmit={submit}>
        <label htmlFor={inputId}>{email ? "Email address" : "Mobile phone number"}</label>
        <input
          id={inputId}
          name={email ? "email" : "phone_number"}
          type={email ? "email" : "tel"}
          autoComplete={email ? "email" : "tel"}
          placeholder={email ? undefined : "+15551234567"}
          value={destination}
          onChange={(event) => setDestination(event.target.value)}
          required
          autoFocus
          aria-describedby={hintId}
          aria-invalid={error ? true : undefined}
        />
        <p id={hintId} className="muted">
          {email
            ? "We will send a 6-digit code to this address."
            : "International format, starting with + and the country code."}
        </p>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Sending…" : "Send code"}
        </button>
      </form>
    );
  }

  const verify = async (bindingCode: string) => {
    await mfa.verify({ mfaToken, oobCode: pending.oobCode, bindingCode });
    onEnrolled(pending.recoveryCodes);
  };
  // A new code during enrollment is a new association; the issuer's limits still apply.
  const resend = async (): Promise<number> => {
    setError(null);
    try {
      const again = await send(pending.destination);
      setPending({
        ...again,
        recoveryCodes: again.recoveryCodes.length ? again.recoveryCodes : pending.recoveryCodes,
      });
      return RESEND_COOLDOWN_SECONDS;
    } catch (err) {
      setError(describeError(err));
      return err instanceof TooManyAttemptsError ? err.retryAfter : RESEND_COOLDOWN_SECONDS;
    }
  };

  return (
    <div className="stack">
      <p role="status">
        We sent a 6-digit code to <strong>{pending.destination}</strong>.
      </p>
      <CodeForm
        key={pending.oobCode}
        kind="otp"
        label={email ? "Code from the email" : "Code from the text message"}
        onVerify={verify}
      />
      <ResendButton cooldown={RESEND_COOLDOWN_SECONDS} onResend={resend} />
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
