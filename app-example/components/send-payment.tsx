"use client";

import { errorFromResponse, useStepUp } from "next-stepup/client";
import { useState } from "react";
import { PaymentForm, type PaymentOutcome } from "@/components/payment-form";
import { StepUpPrompt } from "@/components/step-up-prompt";
import { describeError } from "@/lib/describe-error";
import type { PaymentInput } from "@/lib/payments-api";

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
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<PaymentOutcome | null>(null);

  async function pay(payment: PaymentInput) {
    setBusy(true);
    setOutcome(null);
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(payment),
      });
      if (response.ok) {
        const body = (await response.json().catch(() => null)) as { id?: unknown } | null;
        setOutcome({ kind: "sent", id: typeof body?.id === "string" ? body.id : "" });
        return;
      }
      const error = await errorFromResponse(response);
      setOutcome({
        kind: "failed",
        message:
          error.code === "mfa_required"
            ? "Payment not sent: verification cancelled."
            : describeError(error),
      });
    } catch (error) {
      setOutcome({ kind: "failed", message: describeError(error) });
    } finally {
      setBusy(false);
    }
  }

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
