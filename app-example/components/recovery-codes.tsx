"use client";

import { useEffect, useRef } from "react";

export interface RecoveryCodesProps {
  codes: string[];
  onContinue(): void;
}

/** Shows the recovery codes once, right after the first factor is enrolled. */
export function RecoveryCodes({ codes, onContinue }: RecoveryCodesProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The view changed under the user's focus (the Verify button is gone): move it here.
  useEffect(() => heading.current?.focus(), []);

  return (
    <div className="stack">
      <h3 ref={heading} tabIndex={-1}>
        Save your recovery codes
      </h3>
      <p>
        Each code works once, if you lose your authenticator app. Keep them somewhere safe: this is
        the only time they are shown.
      </p>
      <ul className="recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <button type="button" className="button" onClick={onContinue}>
        I saved these codes
      </button>
    </div>
  );
}
