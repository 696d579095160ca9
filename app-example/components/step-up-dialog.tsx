"use client";

import { mfa, type Authenticator } from "next-stepup/client";
import { useEffect, useId, useRef, useState } from "react";
import { describeError } from "../lib/describe-error";
import { ChallengeFactor } from "./challenge-factor";
import { EnrollFactor } from "./enroll-factor";
import { isCodeFactor } from "./factor-names";
import { RecoveryCodes } from "./recovery-codes";

export interface StepUpDialogProps {
  /** The sealed context from the 403 `mfa_required` answer (`MfaRequiredError.mfaToken`). */
  mfaToken: string;
  /** Why the app asks, shown under the title; default: the payment. */
  reason?: string;
  /** The step-up succeeded: the session now holds a token that satisfies the API. */
  onComplete(): void;
  onCancel(): void;
}

type Step =
  | { kind: "loading" }
  | { kind: "failed"; message: string }
  | { kind: "enroll"; factors: string[] }
  | { kind: "challenge"; authenticators: Authenticator[] }
  | { kind: "recovery-codes"; codes: string[] };

/**
 * The step-up, in a modal. A native <dialog> opened with showModal() gives
 * the dialog role, a modal (inert) background, focus moved inside and Escape
 * as "cancel" without extra code.
 */
export function StepUpDialog({
  mfaToken,
  reason = "This payment needs a second step of verification.",
  onComplete,
  onCancel,
}: StepUpDialogProps) {
  const titleId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [step, setStep] = useState<Step>({ kind: "loading" });

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  useEffect(() => {
    let current = true;
    (async () => {
      const list = await mfa.getAuthenticators({ mfaToken });
      // The authenticator app first: it works offline and costs no message.
      const usable = list
        .filter(isCodeFactor)
        .sort((a, b) => Number(b.type === "otp") - Number(a.type === "otp"));
      if (usable.length) return { kind: "challenge", authenticators: usable } as const;
      // What the issuer lets this user enroll for this API (mfa_requirements.enroll).
      const factors = await mfa.getEnrollmentFactors({ mfaToken });
      return { kind: "enroll", factors } as const;
    })().then(
      (next) => current && setStep(next),
      (err: unknown) => current && setStep({ kind: "failed", message: describeError(err) }),
    );
    return () => {
      current = false;
    };
  }, [mfaToken]);

  const enrolled = (codes: string[]) =>
    codes.length > 0 ? setStep({ kind: "recovery-codes", codes }) : onComplete();

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Escape: let React unmount the dialog rather than the browser close it under us.
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>Confirm it&apos;s you</h2>
      <p className="muted">{reason}</p>
      {step.kind === "loading" ? <p aria-busy="true">Loading…</p> : null}
      {step.kind === "failed" ? (
        <p role="alert" className="error">
          {step.message}
        </p>
      ) : null}
      {step.kind === "enroll" ? (
        <EnrollFactor mfaToken={mfaToken} factors={step.factors} onEnrolled={enrolled} />
      ) : null}
      {step.kind === "challenge" ? (
        <ChallengeFactor
          mfaToken={mfaToken}
          authenticators={step.authenticators}
          onVerified={onComplete}
        />
      ) : null}
      {step.kind === "recovery-codes" ? (
        <RecoveryCodes codes={step.codes} onContinue={onComplete} />
      ) : null}
      {step.kind !== "recovery-codes" ? (
        <p className="dialog-footer">
          <button type="button" className="secondary-button" onClick={onCancel}>
            Cancel
          </button>
        </p>
      ) : null}
    </dialog>
  );
}
