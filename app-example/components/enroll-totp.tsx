"use client";

import { mfa, type Enrollment } from "next-stepup/client";
import { useEffect, useRef, useState } from "react";
import { describeError } from "@/lib/describe-error";
import { CodeForm } from "./code-form";
import { QrCode } from "./qr-code";

export interface EnrollTotpProps {
  mfaToken: string;
  /** Called once the first code confirmed the enrollment, with the recovery codes to show. */
  onEnrolled(recoveryCodes: string[]): void;
}

/** Blocks of 4 are easier to copy by hand: "JBSW Y3DP EHPK 3PXP". */
function groupSecret(secret: string): string {
  return (
    secret
      .replace(/\s+/g, "")
      .match(/.{1,4}/g)
      ?.join(" ") ?? secret
  );
}

/** Enrolls an authenticator app: QR code, secret for manual entry, then the first code. */
export function EnrollTotp({ mfaToken, onEnrolled }: EnrollTotpProps) {
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Strict Mode runs effects twice in development; enrolling twice would
  // create two pending authenticators, so the request is made once per token.
  const request = useRef<{ token: string; promise: Promise<Enrollment> } | null>(null);

  useEffect(() => {
    let current = true;
    if (request.current?.token !== mfaToken) {
      request.current = {
        token: mfaToken,
        promise: mfa.enroll({ mfaToken, authenticatorTypes: ["otp"] }),
      };
    }
    request.current.promise.then(
      (value) => current && setEnrollment(value),
      (err: unknown) => current && setError(describeError(err)),
    );
    return () => {
      current = false;
    };
  }, [mfaToken]);

  if (error) {
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  }
  if (!enrollment) return <p aria-busy="true">Preparing your authenticator set-up…</p>;
  if (enrollment.authenticatorType !== "otp") {
    return (
      <p role="alert" className="error">
        Unexpected enrollment type.
      </p>
    );
  }

  const verify = async (otp: string) => {
    await mfa.verify({ mfaToken, otp });
    onEnrolled(enrollment.recoveryCodes ?? []);
  };

  return (
    <div className="stack">
      <h3>Set up your authenticator app</h3>
      <ol className="steps">
        <li>
          <p>Scan this QR code with an authenticator app.</p>
          <QrCode value={enrollment.barcodeUri} />
        </li>
        <li>
          <p>
            Can&apos;t scan it? Enter this key instead:{" "}
            <code className="secret" data-testid="totp-secret">
              {groupSecret(enrollment.secret)}
            </code>
          </p>
        </li>
        <li>
          <p>Enter the 6-digit code the app shows.</p>
        </li>
      </ol>
      <CodeForm kind="otp" onVerify={verify} />
    </div>
  );
}
