"use client";

import { mfa, type Authenticator } from "next-stepup/client";
import { useEffect, useRef, useState } from "react";
import { describeError } from "@/lib/describe-error";
import { WaitForPush } from "./wait-for-push";

export interface ChallengePushProps {
  mfaToken: string;
  authenticator: Authenticator;
  onVerified(): void;
}

/**
 * Sends a push to the user's device (`mfa.challenge` of an `auth0`-channel
 * authenticator: Auth0 Guardian, or the issuer's development push, whose
 * device is the dev outbox), then waits for the approval.
 */
export function ChallengePush({ mfaToken, authenticator, onVerified }: ChallengePushProps) {
  const [attempt, setAttempt] = useState(1);
  const [oobCode, setOobCode] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Strict Mode runs effects twice in development: one push per attempt, not two.
  const request = useRef<{ key: string; promise: Promise<string> } | null>(null);

  useEffect(() => {
    let current = true;
    const key = `${mfaToken} ${authenticator.id} ${attempt}`;
    if (request.current?.key !== key) {
      request.current = { key, promise: sendPush(mfaToken, authenticator.id) };
    }
    request.current.promise.then(
      (code) => current && setOobCode(code),
      (err: unknown) => current && setError(describeError(err)),
    );
    return () => {
      current = false;
    };
  }, [mfaToken, authenticator.id, attempt]);

  if (error) {
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  }
  if (!oobCode)
    return <p aria-busy="true">Sending a push to {authenticator.name ?? "your device"}…</p>;
  return (
    <WaitForPush
      key={oobCode}
      mfaToken={mfaToken}
      oobCode={oobCode}
      what="the sign-in request"
      onApproved={onVerified}
      onRetry={() => {
        setOobCode(null);
        setAttempt((n) => n + 1);
      }}
    />
  );
}

async function sendPush(mfaToken: string, authenticatorId: string): Promise<string> {
  const challenge = await mfa.challenge({ mfaToken, challengeType: "oob", authenticatorId });
  if (!challenge.oobCode) throw new TypeError("The issuer sent no oob_code");
  return challenge.oobCode;
}
