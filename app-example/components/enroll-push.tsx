"use client";

import { mfa } from "next-stepup/client";
import { useEffect, useRef, useState } from "react";
import { describeError } from "@/lib/describe-error";
import { QrCode } from "./qr-code";
import { WaitForPush } from "./wait-for-push";

export interface EnrollPushProps {
  mfaToken: string;
  /** Called once the device approved the enrollment, with the recovery codes to show. */
  onEnrolled(recoveryCodes: string[]): void;
}

interface Pending {
  oobCode: string;
  barcodeUri: string | undefined;
  recoveryCodes: string[];
}

/**
 * Enrolls a push device: Auth0 answers the association with a QR code for the
 * Guardian app, and the enrollment is confirmed when the device approves it
 * (polled like a push challenge). The issuer's development push has no app:
 * its dev outbox shows the enrollment with Approve / Deny.
 */
export function EnrollPush({ mfaToken, onEnrolled }: EnrollPushProps) {
  const [attempt, setAttempt] = useState(1);
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Strict Mode runs effects twice in development: one association per attempt.
  const request = useRef<{ key: string; promise: Promise<Pending> } | null>(null);

  useEffect(() => {
    let current = true;
    const key = `${mfaToken} ${attempt}`;
    if (request.current?.key !== key) {
      request.current = { key, promise: associate(mfaToken) };
    }
    request.current.promise.then(
      (value) => current && setPending(value),
      (err: unknown) => current && setError(describeError(err)),
    );
    return () => {
      current = false;
    };
  }, [mfaToken, attempt]);

  if (error) {
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  }
  if (!pending) return <p aria-busy="true">Preparing the enrollment…</p>;
  return (
    <div className="stack">
      {pending.barcodeUri ? (
        <>
          <p>Scan this code with the Auth0 Guardian app.</p>
          <QrCode value={pending.barcodeUri} label="QR code for the Guardian app" />
        </>
      ) : null}
      <WaitForPush
        key={pending.oobCode}
        mfaToken={mfaToken}
        oobCode={pending.oobCode}
        what="the enrollment"
        onApproved={() => onEnrolled(pending.recoveryCodes)}
        onRetry={() => {
          setPending(null);
          setAttempt((n) => n + 1);
        }}
      />
    </div>
  );
}

async function associate(mfaToken: string): Promise<Pending> {
  const enrollment = await mfa.enroll({
    mfaToken,
    authenticatorTypes: ["oob"],
    oobChannels: ["auth0"],
  });
  if (enrollment.authenticatorType !== "oob") throw new TypeError("Unexpected enrollment type");
  return {
    oobCode: enrollment.oobCode,
    barcodeUri: enrollment.barcodeUri,
    recoveryCodes: enrollment.recoveryCodes ?? [],
  };
}
