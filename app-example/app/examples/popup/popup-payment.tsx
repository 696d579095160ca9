"use client";

import { challengeWithPopup, errorFromResponse, StepUpError, useUser } from "next-stepup/client";
import { useId, useRef, useState, type FormEvent } from "react";
import { describeError } from "@/lib/describe-error";
import { PAYMENTS_API } from "@/lib/payments-api";

type State =
  | { kind: "idle" }
  | { kind: "verifying" }
  | { kind: "sending" }
  | { kind: "sent"; id: string }
  | { kind: "failed"; message: string };

/**
 * Verify, then pay. `challengeWithPopup` is called first thing in the submit
 * handler: browsers only allow a popup opened synchronously in a user
 * gesture, so nothing may be awaited before it.
 */
export function PopupPayment() {
  const amountId = useId();
  const { user } = useUser();
  const [state, setState] = useState<State>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const amount = Number(new FormData(event.currentTarget).get("amount"));
    abort.current = new AbortController();
    const stepUp = challengeWithPopup({
      audience: PAYMENTS_API.audience,
      scope: PAYMENTS_API.scope,
      signal: abort.current.signal,
    });
    setState({ kind: "verifying" });
    void stepUp
      .then(() => {
        setState({ kind: "sending" });
        return pay(amount);
      })
      .then(
        (id) => setState({ kind: "sent", id }),
        (error: unknown) => setState({ kind: "failed", message: describePopupError(error) }),
      );
  }

  const busy = state.kind === "verifying" || state.kind === "sending";
  return (
    <>
      {user ? (
        <p>
          Paying as <strong>{user.name ?? user.email ?? user.sub}</strong>
        </p>
      ) : null}
      <form className="payment-form" onSubmit={submit}>
        <label htmlFor={amountId}>Amount</label>
        <input
          id={amountId}
          name="amount"
          type="number"
          inputMode="decimal"
          min="0.01"
          step="0.01"
          defaultValue="42.00"
          required
        />
        <button type="submit" className="button" disabled={busy}>
          {state.kind === "verifying" ? "Verifying in the popup…" : "Verify and pay"}
        </button>
        {state.kind === "verifying" ? (
          <button type="button" className="secondary-button" onClick={() => abort.current?.abort()}>
            Stop waiting
          </button>
        ) : null}
      </form>
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
    </>
  );
}

/** Sends the payment through the app's own BFF route; the session now holds the MFA token. */
async function pay(amount: number): Promise<string> {
  const response = await fetch("/api/payments", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ amount, recipient: "Popup Payee" }),
  });
  if (!response.ok) throw await errorFromResponse(response);
  const body = (await response.json().catch(() => null)) as { id?: unknown } | null;
  return typeof body?.id === "string" ? body.id : "";
}

/** The popup's own outcomes in words; everything else as the rest of the app says it. */
function describePopupError(error: unknown): string {
  if (error instanceof DOMException && error.name === "AbortError") {
    return "Payment not sent: you stopped waiting for the verification.";
  }
  if (!(error instanceof StepUpError)) return describeError(error);
  switch (error.code) {
    case "popup_blocked":
      return "Your browser blocked the verification popup. Allow popups for this site and try again.";
    case "popup_cancelled":
      return "Payment not sent: the verification window was closed.";
    case "popup_timeout":
      return "Payment not sent: the verification took too long.";
    case "popup_in_progress":
      return "A verification window is already open.";
    case "user_mismatch":
      return "Payment not sent: the verification was done as another user.";
    case "mfa_required":
      return "Payment not sent: the verification did not complete. Try again.";
    default:
      return describeError(error);
  }
}
