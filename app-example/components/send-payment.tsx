"use client";

import { errorFromBody, MfaRequiredError } from "next-stepup/errors";
import { useId, useState, type FormEvent } from "react";
import { describeError } from "../lib/describe-error";
import { StepUpDialog } from "./step-up-dialog";

interface PaymentRequest {
  amount: number;
  recipient: string;
}

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
  const amountId = useId();
  const recipientId = useId();
  const [state, setState] = useState<State>({ kind: "idle" });
  const [pending, setPending] = useState<PaymentRequest | null>(null);

  async function send(payment: PaymentRequest) {
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

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void send({
      amount: Number(form.get("amount")),
      recipient: String(form.get("recipient") ?? ""),
    });
  }

  const busy = state.kind === "sending" || state.kind === "step-up";
  return (
    <>
      <form className="payment-form" onSubmit={submit}>
        <label htmlFor={amountId}>Amount</label>
        <input
          id={amountId}
          name="amount"
          type="number"
          inputMode="decimal"
          min="0.01"
          step="0.01"
          defaultValue="25.00"
          required
        />
        <label htmlFor={recipientId}>Recipient</label>
        <input
          id={recipientId}
          name="recipient"
          type="text"
          autoComplete="off"
          defaultValue="Ada Lovelace"
          maxLength={100}
          required
        />
        <button type="submit" className="button" disabled={busy}>
          {state.kind === "sending" ? "Sending…" : "Send payment"}
        </button>
      </form>

      {/* A live region present from the start, so screen readers announce its changes. */}
      <div role="status" className="status">
        {state.kind === "sent" ? (
          <p className="success">
            Payment sent <code data-testid="payment-id">{state.id}</code>
          </p>
        ) : null}
      </div>
      {state.kind === "failed" ? (
        <p role="alert" className="error">
          {state.message}
        </p>
      ) : null}

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
