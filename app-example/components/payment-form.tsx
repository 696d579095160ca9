"use client";

import { useId, type FormEvent } from "react";
import type { PaymentInput } from "@/lib/payments-api";

export type PaymentOutcome = { kind: "sent"; id: string } | { kind: "failed"; message: string };

export interface PaymentFormProps {
  /** The button is disabled (a payment or its step-up is under way). */
  busy: boolean;
  /** The button reads "Sending…"; by default whenever `busy`. */
  sending?: boolean;
  outcome: PaymentOutcome | null;
  onPay(payment: PaymentInput): void;
}

/** The payment fields and the outcome, shared by the examples; the caller decides how to pay. */
export function PaymentForm({ busy, sending = busy, outcome, onPay }: PaymentFormProps) {
  const amountId = useId();
  const recipientId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    onPay({ amount: Number(form.get("amount")), recipient: String(form.get("recipient") ?? "") });
  }

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
        {/* aria-disabled, not disabled: the button keeps the focus while the payment
            and its step-up run, and gets it back when the dialog closes. */}
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {sending ? "Sending…" : "Send payment"}
        </button>
      </form>
      {/* A live region present from the start, so screen readers announce its changes. */}
      <div role="status" className="status">
        {outcome?.kind === "sent" ? (
          <p className="success">
            Payment sent <code data-testid="payment-id">{outcome.id}</code>
          </p>
        ) : null}
      </div>
      {outcome?.kind === "failed" ? (
        <p role="alert" className="error">
          {outcome.message}
        </p>
      ) : null}
    </>
  );
}
