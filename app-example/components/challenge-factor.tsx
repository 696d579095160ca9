"use client";

import { mfa, type Authenticator } from "next-stepup/client";
import { useState } from "react";
import { ChallengeOob } from "./challenge-oob";
import { ChallengePush } from "./challenge-push";
import { ChallengePasskey } from "./challenge-passkey";
import { CodeForm } from "./code-form";
import { describeAuthenticator } from "./factor-names";

export interface ChallengeFactorProps {
  mfaToken: string;
  /** The user's active factors (passkey, authenticator app, email, SMS, push), preferred first. */
  authenticators: Authenticator[];
  onVerified(): void;
}

/** "recovery" or the id of the authenticator being challenged. */
type Choice = string;

/**
 * Challenges the preferred factor and offers the others ("Try another way"),
 * recovery codes included, so a user who lost one factor is not stuck.
 */
export function ChallengeFactor({ mfaToken, authenticators, onVerified }: ChallengeFactorProps) {
  const [choice, setChoice] = useState<Choice>(authenticators[0]?.id ?? "recovery");
  const [picking, setPicking] = useState(false);
  const current = authenticators.find((authenticator) => authenticator.id === choice);
  const only = authenticators.length === 1 ? authenticators[0] : undefined;

  const verifyOtp = async (otp: string) => {
    // The otp grant needs no challenge first (Auth0's MFA API and the issuer
    // alike): one request from the code to the stepped-up session.
    await mfa.verify({ mfaToken, otp });
    onVerified();
  };
  const verifyRecoveryCode = async (recoveryCode: string) => {
    await mfa.verify({ mfaToken, recoveryCode });
    onVerified();
  };

  if (picking) {
    const options = [
      ...authenticators.map((a) => ({ id: a.id, label: describeAuthenticator(a) })),
      { id: "recovery", label: "A recovery code" },
    ];
    return (
      <fieldset className="stack factor-picker">
        <legend>Choose how to confirm it&apos;s you</legend>
        {options.map((option) => (
          <button
            key={option.id}
            type="button"
            className="secondary-button"
            aria-current={option.id === choice ? "true" : undefined}
            onClick={() => {
              setChoice(option.id);
              setPicking(false);
            }}
          >
            {option.label}
          </button>
        ))}
      </fieldset>
    );
  }

  return (
    <div className="stack">
      {current?.type === "otp" ? (
        <>
          <p>Enter the 6-digit code from your authenticator app.</p>
          <CodeForm key={current.id} kind="otp" onVerify={verifyOtp} />
        </>
      ) : current?.type === "webauthn" ? (
        <ChallengePasskey
          key={current.id}
          mfaToken={mfaToken}
          authenticator={current}
          onVerified={onVerified}
        />
      ) : current?.type === "push" ? (
        <ChallengePush
          key={current.id}
          mfaToken={mfaToken}
          authenticator={current}
          onVerified={onVerified}
        />
      ) : current ? (
        <ChallengeOob
          key={current.id}
          mfaToken={mfaToken}
          authenticator={current}
          onVerified={onVerified}
        />
      ) : (
        <>
          <p>Enter one of the recovery codes you saved when you set up your first factor.</p>
          <CodeForm key="recovery" kind="recovery" onVerify={verifyRecoveryCode} />
        </>
      )}
      {only ? (
        // One factor: a plain toggle between it and a recovery code.
        <button
          type="button"
          className="link-button"
          onClick={() => setChoice(current ? "recovery" : only.id)}
        >
          {current ? "Use a recovery code instead" : `Use ${describeShortly(only)} instead`}
        </button>
      ) : (
        <button type="button" className="link-button" onClick={() => setPicking(true)}>
          Try another way
        </button>
      )}
    </div>
  );
}

function describeShortly(authenticator: Authenticator): string {
  if (authenticator.type === "email") return "a code by email";
  if (authenticator.type === "sms") return "a code by text message";
  if (authenticator.type === "push") return "a push notification";
  if (authenticator.type === "webauthn") return "your passkey";
  return "your authenticator app";
}
