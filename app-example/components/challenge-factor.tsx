"use client";

import { mfa, type Authenticator } from "next-stepup/client";
import { useState } from "react";
import { CodeForm } from "./code-form";

export interface ChallengeFactorProps {
  mfaToken: string;
  authenticator: Authenticator;
  onVerified(): void;
}

/** Asks for a code from the enrolled app, or a recovery code instead. */
export function ChallengeFactor({ mfaToken, authenticator, onVerified }: ChallengeFactorProps) {
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);

  const verifyOtp = async (otp: string) => {
    // Auth0's MFA API announces the factor before the otp grant; our issuer accepts it too.
    await mfa.challenge({ mfaToken, challengeType: "otp", authenticatorId: authenticator.id });
    await mfa.verify({ mfaToken, otp });
    onVerified();
  };
  const verifyRecoveryCode = async (recoveryCode: string) => {
    await mfa.verify({ mfaToken, recoveryCode });
    onVerified();
  };

  return (
    <div className="stack">
      {useRecoveryCode ? (
        <>
          <p>Enter one of the recovery codes you saved when you set up your authenticator app.</p>
          <CodeForm key="recovery" kind="recovery" onVerify={verifyRecoveryCode} />
        </>
      ) : (
        <>
          <p>Enter the 6-digit code from your authenticator app.</p>
          <CodeForm key="otp" kind="otp" onVerify={verifyOtp} />
        </>
      )}
      <button type="button" className="link-button" onClick={() => setUseRecoveryCode((v) => !v)}>
        {useRecoveryCode ? "Use your authenticator app instead" : "Use a recovery code instead"}
      </button>
    </div>
  );
}
