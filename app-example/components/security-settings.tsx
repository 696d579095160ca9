"use client";

import { mfa, type Authenticator } from "next-stepup/client";
import { useCallback, useEffect, useState } from "react";
import { describeError } from "../lib/describe-error";
import { describeAuthenticator } from "./factor-names";
import { RecoveryCodes } from "./recovery-codes";
import { StepUpDialog } from "./step-up-dialog";
import { useMfaStepUp } from "./use-mfa-step-up";

type View =
  | { kind: "loading" }
  | { kind: "cancelled" }
  | { kind: "list"; authenticators: Authenticator[] }
  | { kind: "new-codes"; codes: string[] };

const formatDate = (iso?: string) =>
  iso ? new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" }) : "Never";

/**
 * Lists the user's factors (name, added, last used), removes one and
 * regenerates recovery codes. Each call runs on the session and may first
 * ask for a step-up: the issuer's MFA API wants an MFA of the last 5 minutes.
 */
export function SecuritySettings() {
  const { run, pending } = useMfaStepUp();
  const [view, setView] = useState<View>({ kind: "loading" });
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const list = await run(() => mfa.getAuthenticators());
      setView(list ? { kind: "list", authenticators: list } : { kind: "cancelled" });
    } catch (err) {
      setError(describeError(err));
      setView({ kind: "cancelled" });
    }
  }, [run]);

  useEffect(() => {
    void load();
  }, [load]);

  const remove = async (authenticator: Authenticator) => {
    setNotice(null);
    setError(null);
    try {
      const done = await run(async () => {
        await mfa.deleteAuthenticator(authenticator.id);
        return true;
      });
      if (!done) return;
      setNotice(`${describeAuthenticator(authenticator)} was removed.`);
      await load();
    } catch (err) {
      setError(describeError(err));
    }
  };

  const regenerate = async () => {
    setNotice(null);
    setError(null);
    try {
      const result = await run(() => mfa.regenerateRecoveryCodes());
      if (result) setView({ kind: "new-codes", codes: result.recoveryCodes });
    } catch (err) {
      setError(describeError(err));
    }
  };

  return (
    <div className="stack">
      {notice ? <p role="status">{notice}</p> : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {view.kind === "loading" ? <p aria-busy="true">Loading your factors…</p> : null}
      {view.kind === "cancelled" ? (
        <p>
          <button type="button" className="button" onClick={() => void load()}>
            Verify to see your factors
          </button>
        </p>
      ) : null}
      {view.kind === "new-codes" ? (
        <RecoveryCodes
          codes={view.codes}
          onContinue={() => {
            setNotice("New recovery codes saved. The old ones no longer work.");
            void load();
          }}
        />
      ) : null}
      {view.kind === "list" ? (
        <FactorTable
          authenticators={view.authenticators}
          onRemove={remove}
          onRegenerate={regenerate}
        />
      ) : null}
      {pending ? (
        <StepUpDialog
          mfaToken={pending.mfaToken}
          reason="Changing your security settings needs a recent verification."
          onComplete={pending.complete}
          onCancel={pending.cancel}
        />
      ) : null}
    </div>
  );
}

interface FactorTableProps {
  authenticators: Authenticator[];
  onRemove(authenticator: Authenticator): void;
  onRegenerate(): void;
}

function FactorTable({ authenticators, onRemove, onRegenerate }: FactorTableProps) {
  if (authenticators.length === 0) {
    return <p>No factors yet. Your next step-up will offer to set one up.</p>;
  }
  return (
    <table className="factors">
      <caption className="visually-hidden">Your sign-in factors</caption>
      <thead>
        <tr>
          <th scope="col">Factor</th>
          <th scope="col">Added</th>
          <th scope="col">Last used</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {authenticators.map((authenticator) => {
          const label = describeAuthenticator(authenticator);
          const recovery = authenticator.type === "recovery-code";
          return (
            <tr key={authenticator.id}>
              <th scope="row">
                {label}
                {recovery && !authenticator.active ? (
                  <span className="muted"> (all used)</span>
                ) : null}
              </th>
              <td>{formatDate(authenticator.createdAt)}</td>
              <td>{formatDate(authenticator.lastAuth)}</td>
              <td>
                {recovery ? (
                  <button type="button" className="secondary-button" onClick={onRegenerate}>
                    Regenerate recovery codes
                  </button>
                ) : (
                  <button
                    type="button"
                    className="secondary-button"
                    aria-label={`Remove ${label}`}
                    onClick={() => onRemove(authenticator)}
                  >
                    Remove
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
