"use client";

import { errorFromJSON, useStepUp } from "next-stepup/client";
import { PaymentForm } from "@/components/payment-form";
import { StepUpPrompt } from "@/components/step-up-prompt";
import { usePayment } from "@/components/use-payment";
import { sendPayment } from "./actions";

/**
 * Pays through the server action with `useStepUp().run`: an `mfa_required`
 * result opens the step-up dialog, and once it completes the action runs
 * again with the same arguments, once.
 */
export function PayWithAction() {
  const { run, stepUp } = useStepUp();
  const { busy, outcome, pay } = usePayment(async (payment) => {
    const result = await run(sendPayment, payment);
    // The error result's wire shape, back as the typed error.
    if (!result.ok) throw errorFromJSON(result.error);
    return result.data.id;
  });

  return (
    <>
      <PaymentForm busy={busy} outcome={outcome} onPay={(payment) => void pay(payment)} />
      <StepUpPrompt stepUp={stepUp} />
    </>
  );
}
