"use client";

import type { PendingStepUp } from "next-stepup/client";
import { useEffect } from "react";
import { StepUpDialog } from "./step-up-dialog";

/**
 * Renders `useStepUp().stepUp` as the step-up dialog. An RFC 9470 request has
 * no MFA context for the dialog (it needs a new sign-in, e.g. in a popup), so
 * it is declined and the caller sees the API's 401.
 */
export function StepUpPrompt({ stepUp }: { stepUp: PendingStepUp | null }) {
  const decline = stepUp?.request.reason === "mfa_required" ? undefined : stepUp?.cancel;
  useEffect(() => decline?.(), [decline]);
  if (stepUp?.request.reason !== "mfa_required") return null;
  return (
    <StepUpDialog
      mfaToken={stepUp.request.mfaToken}
      onComplete={stepUp.complete}
      onCancel={stepUp.cancel}
    />
  );
}
