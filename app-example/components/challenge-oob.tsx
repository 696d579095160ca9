"use client";

import { mfa, TooManyAttemptsError, type Authenticator } from "next-stepup/client";
import { useEffect, useRef, useState } from "react";
import { describeError } from "@/lib/describe-error";
import { RESEND_COOLDOWN_SECONDS } from "@/lib/resend-cooldown";
import { CodeForm } from "./code-form";
import { ResendButton } from "./resend-button";

export interface ChallengeOobProps {
  mfaToken: string;
  authenticator: Authenticator;
  onVerified(): void;
}

type Sent = { oobCode: string; count: number };

/** Sends a code by email or SMS, then asks for it; "Send a new code" after the cooldown. */
export function ChallengeOob({ mfaToken, authenticator, onVerified }: ChallengeOobProps) {
  const [sent, setSent] = useState<Sent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [resendError, setResendError] = useState<string | null>(null);
  // Strict Mode runs effects twice in development; a second send would hit the cooldown.
  const request = useRef<{ key: string; promise: Promise<string> } | null>(null);

  useEffect(() => {
    let current = true;
    const key = `${mfaToken} ${authenticator.id}`;
    if (request.current?.key !== key) {
      request.current = { key, promise: sendCode(mfaToken, authenticator.id) };
    }
    request.current.promise.then(
      (oobCode) => current && setSent({ oobCode, count: 1 }),
      (err: unknown) => current && setError(describeError(err)),
    );
    return () => {
      current = false;
    };
  }, [mfaToken, authenticator.id]);

  if (error) {
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  }
  if (!sent) return <p aria-busy="true">Sending a code to {authenticator.name}…</p>;

  const verify = async (bindingCode: string) => {
    await mfa.verify({ mfaToken, oobCode: sent.oobCode, bindingCode });
    onVerified();
  };
  const resend = async (): Promise<number> => {
    setResendError(null);
    try {
      const oobCode = await sendCode(mfaToken, authenticator.id);
      setSent({ oobCode, count: sent.count + 1 });
      return RESEND_COOLDOWN_SECONDS;
    } catch (err) {
      setResendError(describeError(err));
      if (err instanceof TooManyAttemptsError) return err.retryAfter;
      return RESEND_COOLDOWN_SECONDS;
    }
  };

  const where = authenticator.type === "sms" ? "text message" : "email";
  return (
    <div className="stack">
      <p role="status">
        {sent.count > 1 ? "We sent a new code" : "We sent a 6-digit code"} by {where} to{" "}
        <strong data-testid="masked-destination">{authenticator.name}</strong>.
      </p>
      <CodeForm key={sent.oobCode} kind="otp" label={`Code from the ${where}`} onVerify={verify} />
      <ResendButton cooldown={RESEND_COOLDOWN_SECONDS} onResend={resend} />
      {resendError ? (
        <p role="alert" className="error">
          {resendError}
        </p>
      ) : null}
    </div>
  );
}

async function sendCode(mfaToken: string, authenticatorId: string): Promise<string> {
  const challenge = await mfa.challenge({ mfaToken, challengeType: "oob", authenticatorId });
  if (!challenge.oobCode) throw new TypeError("The issuer sent no oob_code");
  return challenge.oobCode;
}
