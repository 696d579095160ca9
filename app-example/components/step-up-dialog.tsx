"use client";

import {
  mfa,
  useAuthenticators,
  type Authenticator,
  type MfaRequirements,
} from "next-stepup/client";
import { factorTypesOf } from "next-stepup/types";
import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { ChallengeFactor } from "@/components/challenge-factor";
import { EnrollFactor } from "@/components/enroll-factor";
import { isChallengeFactor } from "@/components/factor-names";
import { RecoveryCodes } from "@/components/recovery-codes";
import { describeError } from "@/lib/describe-error";

export interface StepUpDialogProps {
  /** The sealed context from the 403 `mfa_required` answer (`MfaRequiredError.mfaToken`). */
  mfaToken: string;
  /**
   * The user's authenticators, when the 403 brought them
   * (`MfaRequiredError.authenticators`): the dialog then asks for a code at
   * once. Absent: it lists them itself.
   */
  authenticators?: Authenticator[];
  /** `mfa_requirements`: with no factor to challenge, `enroll` lists what may be set up. */
  requirements?: MfaRequirements;
  /** Why the app asks, shown under the title; default: the payment. */
  reason?: string;
  /** The step-up succeeded: the session now holds a token that satisfies the API. */
  onComplete(): void;
  onCancel(): void;
}

/**
 * The step-up, in a modal. A native <dialog> opened with showModal() gives
 * the dialog role, a modal (inert) background, focus moved inside and Escape
 * as "cancel" without extra code.
 */
export function StepUpDialog({
  mfaToken,
  authenticators: given,
  requirements,
  reason = "This payment needs a second step of verification.",
  onComplete,
  onCancel,
}: StepUpDialogProps) {
  const titleId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  // Listed only when the 403 did not bring the list (e.g. the proxy's step-up page).
  const listed = useAuthenticators({ mfaToken: given ? null : mfaToken });
  const authenticators = given ?? listed.authenticators;
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  // A layout effect: its cleanup closes the dialog before React removes it, so
  // the browser gives the focus back to the control that opened it.
  useLayoutEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  // Only what this API accepts (`mfa_requirements.challenge`: a passkey-only
  // API lists webauthn and recovery-code). A passkey first (one tap, and it
  // cannot be phished), then the authenticator app (offline, no message).
  const accepted = requirements?.challenge?.map((entry) => entry.type);
  const rank = (a: Authenticator) => (a.type === "webauthn" ? 2 : a.type === "otp" ? 1 : 0);
  const usable = (authenticators ?? [])
    .filter((a) => isChallengeFactor(a) && (!accepted || accepted.includes(a.type)))
    .sort((a, b) => rank(b) - rank(a));
  // Factors the user has, none of which this API accepts: only a recovery code is left.
  const recoveryOnly =
    usable.length === 0 && accepted?.includes("recovery-code") && !requirements?.enroll;
  const enrolled = (codes: string[]) => (codes.length > 0 ? setRecoveryCodes(codes) : onComplete());

  let body: ReactNode;
  if (recoveryCodes) {
    body = <RecoveryCodes codes={recoveryCodes} onContinue={onComplete} />;
  } else if (!given && listed.error) {
    body = (
      <p role="alert" className="error">
        {describeError(listed.error)}
      </p>
    );
  } else if (!authenticators) {
    body = <p aria-busy="true">Loading…</p>;
  } else if (usable.length > 0) {
    body = <ChallengeFactor mfaToken={mfaToken} authenticators={usable} onVerified={onComplete} />;
  } else if (recoveryOnly) {
    body = (
      <>
        <p>
          {accepted?.includes("webauthn")
            ? "This action needs a passkey, which you have not set up. A recovery code works too."
            : "None of your verification methods is accepted here. A recovery code works."}
        </p>
        <ChallengeFactor mfaToken={mfaToken} authenticators={[]} onVerified={onComplete} />
      </>
    );
  } else {
    body = <EnrollChoice mfaToken={mfaToken} requirements={requirements} onEnrolled={enrolled} />;
  }

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
      {body}
      {!recoveryCodes ? (
        <p className="dialog-footer">
          <button type="button" className="secondary-button" onClick={onCancel}>
            Cancel
          </button>
        </p>
      ) : null}
    </dialog>
  );
}

interface EnrollChoiceProps {
  mfaToken: string;
  requirements: MfaRequirements | undefined;
  onEnrolled(codes: string[]): void;
}

/**
 * Enrollment, offering what the issuer lets this user enroll for this API:
 * `mfa_requirements.enroll` from the 403, or asked with `getEnrollmentFactors`
 * when the requirements did not come along.
 */
function EnrollChoice({ mfaToken, requirements, onEnrolled }: EnrollChoiceProps) {
  // Auth0 names factors its own way (`phone`, `push-notification`): each name
  // is read as the factor types it stands for.
  const [factors, setFactors] = useState<string[] | undefined>(() =>
    requirements?.enroll?.flatMap((factor) => factorTypesOf(factor.type)),
  );
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (factors) return;
    let current = true;
    mfa.getEnrollmentFactors({ mfaToken }).then(
      (list) => current && setFactors(list.map((factor) => factor.type)),
      (err: unknown) => current && setError(describeError(err)),
    );
    return () => {
      current = false;
    };
  }, [factors, mfaToken]);
  if (error) {
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  }
  if (!factors) return <p aria-busy="true">Loading…</p>;
  return <EnrollFactor mfaToken={mfaToken} factors={factors} onEnrolled={onEnrolled} />;
}
