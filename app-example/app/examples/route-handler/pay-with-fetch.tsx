"use client";

import { errorFromBody, useStepUp } from "next-stepup/client";
import { useState } from "react";
import { PaymentForm, type PaymentOutcome } from "../../../components/payment-form";
import { StepUpPrompt } from "../../../components/step-up-prompt";
import { describeError } from "../../../lib/describe-error";
import type { PaymentInput } from "../../../lib/payments-api";

/**
 * Pays through the route handler with `useStepUp().fetch`: a 403
 * `mfa_required` opens the step-up dialog, and once it completes the same
 * request is sent again, once. Cancelling gives back the 403.
 */
export function PayWithFetch() {
  const { fetch, stepUp } = useStepUp();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<PaymentOutcome | null>(null);

  async function pay(payment: PaymentInput) {
    setBusy(true);
    setOutcome(null);
    try {
      const response = await fetch("/examples/route-handler/api", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(payment),
      });
      const body: unknown = await response.json().catch(() => null);
      if (response.ok) {
        setOutcome({ kind: "sent", id: String((body as { id?: unknown } | null)?.id ?? "") });
      } else {
        const error = errorFromBody(body, { status: response.status });
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
