"use client";

import { errorFromResponse, useStepUp } from "next-stepup/client";
import { useId, useState, type FormEvent } from "react";
import { StepUpPrompt } from "@/components/step-up-prompt";
import { describeError } from "@/lib/describe-error";

type Outcome =
  { kind: "saved"; name: string; account: string } | { kind: "failed"; message: string };

/**
 * The payee form. It posts with `useStepUp().fetch`, like the payment form,
 * but the payee API accepts only a passkey (or a recovery code): the step-up
 * dialog offers a passkey, or its enrollment to a user without one.
 */
export function ChangePayee() {
  const nameId = useId();
  const accountId = useId();
  const { fetch, stepUp } = useStepUp();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setOutcome(null);
    try {
      const response = await fetch("/api/payees", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ name: form.get("name"), account: form.get("account") }),
      });
      if (!response.ok) throw await errorFromResponse(response);
      const saved = (await response.json()) as { name: string; account: string };
      setOutcome({ kind: "saved", name: saved.name, account: saved.account });
    } catch (error) {
      const declined = (error as { code?: unknown } | null)?.code === "mfa_required";
      setOutcome({
        kind: "failed",
        message: declined ? "Payee not changed: verification cancelled." : describeError(error),
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <form className="payment-form" onSubmit={submit}>
        <label htmlFor={nameId}>Payee name</label>
        <input id={nameId} name="name" defaultValue="Grace Hopper" maxLength={100} required />
        <label htmlFor={accountId}>Account number</label>
        <input
          id={accountId}
          name="account"
          defaultValue="GB33 BUKB 2020 1555 5555 55"
          maxLength={40}
          autoComplete="off"
          required
        />
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {busy && !stepUp ? "Saving…" : "Change payee"}
        </button>
      </form>
      <div role="status" className="status">
        {outcome?.kind === "saved" ? (
          <p className="success">
            Payee changed to {outcome.name} (account {outcome.account})
          </p>
        ) : null}
      </div>
      {outcome?.kind === "failed" ? (
        <p role="alert" className="error">
          {outcome.message}
        </p>
      ) : null}
      <StepUpPrompt stepUp={stepUp} reason="Changing a payee needs your passkey." />
    </>
  );
}
