"use client";

import { errorFromJSON, useStepUp } from "next-stepup/client";
import { useState } from "react";
import { PaymentForm, type PaymentOutcome } from "@/components/payment-form";
import { StepUpPrompt } from "@/components/step-up-prompt";
import { describeError } from "@/lib/describe-error";
import type { PaymentInput } from "@/lib/payments-api";
import { sendPayment } from "./actions";

/**
 * Pays through the server action with `useStepUp().run`: an `mfa_required`
 * result opens the step-up dialog, and once it completes the action runs
 * again with the same arguments, once.
 */
export function PayWithAction() {
  const { run, stepUp } = useStepUp();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<PaymentOutcome | null>(null);

  async function pay(payment: PaymentInput) {
    setBusy(true);
    setOutcome(null);
    try {
      const result = await run(sendPayment, payment);
      if (result.ok) {
        setOutcome({ kind: "sent", id: result.data.id });
      } else {
        const error = errorFromJSON(result.error);
        setOutcome({
          kind: "failed",
          message:
            error.code === "mfa_required"
              ? "Payment not sent: verification cancelled."
              : describeError(error),
        });
      }
    } catch (error) {
      setOutcome({ kind: "failed", message: describeError(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PaymentForm busy={busy} outcome={outcome} onPay={(payment) => void pay(payment)} />
      <StepUpPrompt stepUp={stepUp} />
    </>
  );
}
