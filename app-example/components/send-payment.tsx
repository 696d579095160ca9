"use client";

import { errorFromResponse, useStepUp } from "next-stepup/client";
import { PaymentForm } from "@/components/payment-form";
import { StepUpPrompt } from "@/components/step-up-prompt";
import { usePayment } from "@/components/use-payment";

export interface SendPaymentProps {
  /** The app's payment route (a `withStepUp` handler). */
  endpoint: string;
}

/**
 * The payment form, posting with `useStepUp().fetch`: a 403 `mfa_required`
 * opens the step-up dialog (its first screen straight from the 403), and
 * once it completes the same request is sent again, once. Cancelling gives
 * back the 403.
 */
export function SendPayment({ endpoint }: SendPaymentProps) {
  const { fetch, stepUp } = useStepUp();
  const { busy, outcome, pay } = usePayment(async (payment) => {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(payment),
    });
    if (!response.ok) throw await errorFromResponse(response);
    const body = (await response.json().catch(() => null)) as { id?: unknown } | null;
    return typeof body?.id === "string" ? body.id : "";
  });

  return (
    <>
      <PaymentForm
        busy={busy}
        sending={busy && !stepUp}
        outcome={outcome}
        onPay={(payment) => void pay(payment)}
      />
      <StepUpPrompt stepUp={stepUp} />
    </>
  );
}
