"use client";

import { errorFromBody, MfaRequiredError } from "next-stepup/errors";
import { useState } from "react";
import { describeError } from "../lib/describe-error";
import type { PaymentInput } from "../lib/payments-api";
import { PaymentForm, type PaymentOutcome } from "./payment-form";
import { StepUpDialog } from "./step-up-dialog";

type State =
  | { kind: "idle" }
  | { kind: "sending" }
  | { kind: "step-up"; mfaToken: string }
  | { kind: "sent"; id: string }
  | { kind: "failed"; message: string };

/**
 * The payment form. It calls the app's own `/api/payments`; a 403
 * `mfa_required` answer opens the step-up dialog, and a completed step-up
 * retries the same payment.
 */
export function SendPayment() {
  const [state, setState] = useState<State>({ kind: "idle" });
  const [pending, setPending] = useState<PaymentInput | null>(null);

  async function send(payment: PaymentInput) {
    setPending(payment);
    setState({ kind: "sending" });
    try {
      const response = await fetch("/api/payments", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(payment),
      });
      const body: unknown = await response.json().catch(() => null);
      if (response.ok) {
        const id = (body as { id?: unknown } | null)?.id;
        setState({ kind: "sent", id: typeof id === "string" ? id : "" });
        return;
      }
      const error = errorFromBody(body, {
        status: response.status,
        retryAfterHeader: response.headers.get("retry-after"),
      });
      if (error instanceof MfaRequiredError) {
        setState({ kind: "step-up", mfaToken: error.mfaToken });
        return;
      }
      setState({ kind: "failed", message: describeError(error) });
    } catch (err) {
      setState({ kind: "failed", message: describeError(err) });
    }
  }

  const outcome: PaymentOutcome | null =
    state.kind === "sent" || state.kind === "failed" ? state : null;
  return (
    <>
      <PaymentForm
        busy={state.kind === "sending" || state.kind === "step-up"}
        sending={state.kind === "sending"}
        outcome={outcome}
        onPay={(payment) => void send(payment)}
      />
      {state.kind === "step-up" ? (
        <StepUpDialog
          mfaToken={state.mfaToken}
          onComplete={() => {
            if (pending) void send(pending);
          }}
          onCancel={() =>
            setState({ kind: "failed", message: "Payment not sent: verification cancelled." })
          }
        />
      ) : null}
    </>
  );
}
