"use client";

import { mfa, useAuthenticators, useStepUp, type Authenticator } from "next-stepup/client";
import { useId, useState, type FormEvent } from "react";
import { describeAuthenticator, describePasskeyKind } from "@/components/factor-names";
import { RecoveryCodes } from "@/components/recovery-codes";
import { StepUpPrompt } from "@/components/step-up-prompt";
import { describeError } from "@/lib/describe-error";

const formatDate = (iso?: string) =>
  iso ? new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" }) : "Never";

/**
 * Lists the user's factors (name, added, last used; for a passkey whether it
 * syncs), renames a passkey, removes a factor and regenerates recovery
 * codes. Everything runs on the session, and the issuer's MFA API wants an
 * MFA of the last 5 minutes: `useStepUp().run` shows the step-up dialog when
 * it asks, then calls again.
 * `useAuthenticators({ stepUp })` lists through the same step-up.
 * Regenerating recovery codes is offered only where the authorization server
 * has it (`auth.mfa.getCapabilities()`, read by the page): Auth0's MFA API
 * has no such endpoint.
 */
export function SecuritySettings({
  canRegenerateRecoveryCodes,
}: {
  /** `(await auth.mfa.getCapabilities()).regenerateRecoveryCodes`. */
  canRegenerateRecoveryCodes: boolean;
}) {
  const stepUp = useStepUp();
  const { authenticators, error: listError, isLoading, refresh } = useAuthenticators({ stepUp });
  const [newCodes, setNewCodes] = useState<string[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  /** Runs a change through the step-up; a declined step-up changes nothing and says so. */
  const change = async (action: () => Promise<void>) => {
    setNotice(null);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(
        isDeclined(err) ? "Nothing was changed: verification cancelled." : describeError(err),
      );
    }
  };

  const remove = (authenticator: Authenticator) =>
    change(async () => {
      await stepUp.run(() => mfa.deleteAuthenticator(authenticator.id));
      setNotice(`${describeAuthenticator(authenticator)} was removed.`);
      await refresh();
    });

  const rename = (authenticator: Authenticator, name: string) =>
    change(async () => {
      const renamed = await stepUp.run(() => mfa.renameAuthenticator(authenticator.id, name));
      setNotice(`The passkey is now called ${describeAuthenticator(renamed)}.`);
      await refresh();
    });

  const regenerate = () =>
    change(async () => {
      const { recoveryCodes } = await stepUp.run(() => mfa.regenerateRecoveryCodes());
      setNewCodes(recoveryCodes);
    });

  const declined = listError !== undefined && isDeclined(listError);
  return (
    <div className="stack">
      {notice ? <p role="status">{notice}</p> : null}
      {error || (listError && !declined) ? (
        <p role="alert" className="error">
          {error ?? describeError(listError)}
        </p>
      ) : null}
      {isLoading ? <p aria-busy="true">Loading your factors…</p> : null}
      {listError && !isLoading ? (
        <p>
          <button type="button" className="button" onClick={() => void refresh()}>
            Verify to see your factors
          </button>
        </p>
      ) : null}
      {newCodes ? (
        <RecoveryCodes
          codes={newCodes}
          onContinue={() => {
            setNewCodes(null);
            setNotice("New recovery codes saved. The old ones no longer work.");
            void refresh();
          }}
        />
      ) : authenticators && !listError ? (
        <FactorTable
          authenticators={authenticators}
          onRemove={(authenticator) => void remove(authenticator)}
          onRename={(authenticator, name) => void rename(authenticator, name)}
          onRegenerate={canRegenerateRecoveryCodes ? () => void regenerate() : undefined}
        />
      ) : null}
      <StepUpPrompt
        stepUp={stepUp.stepUp}
        reason="Changing your security settings needs a recent verification."
      />
    </div>
  );
}

/** The user closed the step-up dialog: the call gave back its `mfa_required`. */
const isDeclined = (error: unknown) =>
  (error as { code?: unknown } | null)?.code === "mfa_required";

interface FactorTableProps {
  authenticators: Authenticator[];
  onRemove(authenticator: Authenticator): void;
  onRename(authenticator: Authenticator, name: string): void;
  /** Absent where the authorization server cannot regenerate recovery codes (Auth0). */
  onRegenerate: (() => void) | undefined;
}

function FactorTable({ authenticators, onRemove, onRename, onRegenerate }: FactorTableProps) {
  const [renaming, setRenaming] = useState<string | null>(null);
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
          const kind = describePasskeyKind(authenticator);
          return (
            <tr key={authenticator.id}>
              <th scope="row">
                {label}
                {recovery && !authenticator.active ? (
                  <span className="muted"> (all used)</span>
                ) : null}
                {kind ? <span className="muted"> · {kind}</span> : null}
                {renaming === authenticator.id ? (
                  <RenameForm
                    current={label}
                    onCancel={() => setRenaming(null)}
                    onRename={(name) => {
                      setRenaming(null);
                      onRename(authenticator, name);
                    }}
                  />
                ) : null}
              </th>
              <td>{formatDate(authenticator.createdAt)}</td>
              <td>{formatDate(authenticator.lastAuth)}</td>
              <td>
                {recovery ? (
                  onRegenerate ? (
                    <button type="button" className="secondary-button" onClick={onRegenerate}>
                      Regenerate recovery codes
                    </button>
                  ) : null
                ) : (
                  <>
                    {authenticator.type === "webauthn" ? (
                      <button
                        type="button"
                        className="secondary-button"
                        aria-label={`Rename ${label}`}
                        onClick={() => setRenaming(authenticator.id)}
                      >
                        Rename
                      </button>
                    ) : null}
                    <button
                      type="button"
                      className="secondary-button"
                      aria-label={`Remove ${label}`}
                      onClick={() => onRemove(authenticator)}
                    >
                      Remove
                    </button>
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

interface RenameFormProps {
  current: string;
  onRename(name: string): void;
  onCancel(): void;
}

/** A passkey's new name, inline in its row. */
function RenameForm({ current, onRename, onCancel }: RenameFormProps) {
  const inputId = useId();
  const [name, setName] = useState(current);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (name.trim()) onRename(name.trim());
  };
  return (
    <form className="rename-form" onSubmit={submit}>
      <label htmlFor={inputId}>New name</label>
      <input
        id={inputId}
        value={name}
        onChange={(event) => setName(event.target.value)}
        maxLength={64}
        required
        autoFocus
      />
      <button type="submit" className="secondary-button">
        Save name
      </button>
      <button type="button" className="link-button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
