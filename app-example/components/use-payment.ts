"use client";

import { useState } from "react";
import type { PaymentOutcome } from "@/components/payment-form";
import { describeError } from "@/lib/describe-error";
import type { PaymentInput } from "@/lib/payments-api";

/**
 * A payment form's state around `send`, which resolves with the payment's id
 * or throws a StepUpError. A declined step-up (`mfa_required` given back
 * after the user closed the dialog) reads as "verification cancelled".
 */
export function usePayment(send: (payment: PaymentInput) => Promise<string>) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<PaymentOutcome | null>(null);

  async function pay(payment: PaymentInput) {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ kind: "sent", id: await send(payment) });
    } catch (error) {
      const declined = (error as { code?: unknown } | null)?.code === "mfa_required";
      setOutcome({
        kind: "failed",
        message: declined ? "Payment not sent: verification cancelled." : describeError(error),
      });
    } finally {
      setBusy(false);
    }
  }

  return { busy, outcome, pay };
}
