"use client";

import { MfaRequiredError } from "next-stepup/client";
import { useCallback, useRef, useState } from "react";

/** A call waiting for the step-up dialog: its context, and how to resume or give up. */
export interface PendingMfa {
  mfaToken: string;
  complete(): void;
  cancel(): void;
}

/**
 * Runs session-bound `mfa` calls (list, remove, regenerate) and, when one
 * answers `mfa_required`, parks it until the dialog finishes, then runs it
 * once more. A second `mfa_required` on the retry is a real failure.
 */
export function useMfaStepUp() {
  const [pending, setPending] = useState<PendingMfa | null>(null);
  const busy = useRef(false);

  const run = useCallback(async <T>(call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof MfaRequiredError) || busy.current) throw error;
      busy.current = true;
      const steppedUp = await new Promise<boolean>((resolve) =>
        setPending({
          mfaToken: error.mfaToken,
          complete: () => resolve(true),
          cancel: () => resolve(false),
        }),
      ).finally(() => {
        busy.current = false;
        setPending(null);
      });
      return steppedUp ? call() : undefined;
    }
  }, []);

  return { run, pending };
}
