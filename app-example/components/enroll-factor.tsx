"use client";

import { useState } from "react";
import { EnrollOob } from "./enroll-oob";
import { EnrollPush } from "./enroll-push";
import { EnrollPasskey } from "./enroll-passkey";
import { EnrollTotp } from "./enroll-totp";

export interface EnrollFactorProps {
  mfaToken: string;
  /**
   * Factor types the issuer offers for enrollment (`mfa_requirements.enroll`
   * or `getEnrollmentFactors`); all but push when absent. Push only where the
   * issuer offers it (Auth0 Guardian, the issuer's dev push).
   */
  factors?: string[];
  onEnrolled(recoveryCodes: string[]): void;
}

const CHOICES = [
  { factor: "otp", label: "Authenticator app" },
  { factor: "email", label: "Email" },
  { factor: "sms", label: "Text message" },
  { factor: "webauthn", label: "Passkey" },
  { factor: "push", label: "Push notification" },
] as const;

type Factor = (typeof CHOICES)[number]["factor"];

/**
 * First-factor enrollment with a choice of method. The authenticator app is
 * preselected when offered, so its QR code shows at once; a passkey-only API
 * offers just "Passkey".
 */
export function EnrollFactor({ mfaToken, factors, onEnrolled }: EnrollFactorProps) {
  // An empty or unknown list offers the app: it is what every issuer supports.
  const listed = CHOICES.filter((choice) =>
    factors ? factors.includes(choice.factor) : choice.factor !== "push",
  );
  const offered = listed.length > 0 ? listed : CHOICES.filter((choice) => choice.factor === "otp");
  const [factor, setFactor] = useState<Factor>(offered[0]?.factor ?? "otp");

  return (
    <div className="stack">
      {offered.length > 1 ? (
        <fieldset className="factor-choice">
          <legend>Set up a second step</legend>
          {offered.map((choice) => (
            <label key={choice.factor} className="radio">
              <input
                type="radio"
                name="factor"
                value={choice.factor}
                checked={factor === choice.factor}
                onChange={() => setFactor(choice.factor)}
              />
              {choice.label}
            </label>
          ))}
        </fieldset>
      ) : null}
      {factor === "otp" ? (
        <EnrollTotp key="otp" mfaToken={mfaToken} onEnrolled={onEnrolled} />
      ) : factor === "webauthn" ? (
        <EnrollPasskey key="webauthn" mfaToken={mfaToken} onEnrolled={onEnrolled} />
      ) : factor === "push" ? (
        <EnrollPush key="push" mfaToken={mfaToken} onEnrolled={onEnrolled} />
      ) : (
        <EnrollOob key={factor} mfaToken={mfaToken} channel={factor} onEnrolled={onEnrolled} />
      )}
    </div>
  );
}
