"use client";

import type { PendingStepUp } from "next-stepup/client";
import { useEffect } from "react";
import { StepUpDialog } from "@/components/step-up-dialog";

export interface StepUpPromptProps {
  /** `useStepUp().stepUp`: the step-up waiting for this dialog, or null. */
  stepUp: PendingStepUp | null;
  /** Why the app asks, shown under the title. */
  reason?: string;
}

/**
 * Renders `useStepUp().stepUp` as the step-up dialog, straight from the 403's
 * context, requirements and authenticators. An RFC 9470 request has no MFA
 * context for the dialog (it needs a new sign-in, e.g. in a popup), so it is
 * declined and the caller sees the API's 401.
 */
export function StepUpPrompt({ stepUp, reason }: StepUpPromptProps) {
  const decline = stepUp?.request.reason === "mfa_required" ? undefined : stepUp?.cancel;
  useEffect(() => decline?.(), [decline]);
  if (stepUp?.request.reason !== "mfa_required") return null;
  const { mfaToken, mfaRequirements, authenticators } = stepUp.request;
  return (
    <StepUpDialog
      mfaToken={mfaToken}
      requirements={mfaRequirements}
      {...(authenticators ? { authenticators } : {})}
      {...(reason ? { reason } : {})}
      onComplete={stepUp.complete}
      onCancel={stepUp.cancel}
    />
  );
}
