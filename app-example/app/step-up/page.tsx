"use client";

import { getStepUpContext } from "next-stepup/client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { StepUpDialog } from "@/components/step-up-dialog";
import { describeError } from "@/lib/describe-error";

type State =
  | { kind: "loading" }
  | { kind: "ready"; mfaToken: string; returnTo: string }
  | { kind: "cancelled" }
  | { kind: "failed"; message: string };

/** Only a same-origin path; the SDK validated it already, this keeps the page safe on its own. */
const isLocalPath = (path: string) => path.startsWith("/") && !/^\/[/\\]/.test(path);

/**
 * Where proxy.ts (`auth.requireStepUp`) sends a guarded page's visitor. The
 * MFA context comes from an httpOnly cookie via `getStepUpContext()`, never
 * from the URL; after the step-up the browser goes back to `returnTo`.
 */
export default function StepUpPage() {
  const [state, setState] = useState<State>({ kind: "loading" });

  useEffect(() => {
    let current = true;
    getStepUpContext().then(
      ({ mfaToken, returnTo }) => current && setState({ kind: "ready", mfaToken, returnTo }),
      (error: unknown) => current && setState({ kind: "failed", message: describeError(error) }),
    );
    return () => {
      current = false;
    };
  }, []);

  return (
    <section className="card" aria-labelledby="step-up-title">
      <h1 id="step-up-title">Verification needed</h1>
      {state.kind === "loading" ? <p aria-busy="true">Loading…</p> : null}
      {state.kind === "failed" ? (
        <p role="alert" className="error">
          {state.message}
        </p>
      ) : null}
      {state.kind === "cancelled" ? <p>Verification cancelled.</p> : null}
      {state.kind !== "loading" ? (
        <p>
          <Link href="/">Back to the home page</Link>
        </p>
      ) : null}
      {state.kind === "ready" ? (
        <StepUpDialog
          mfaToken={state.mfaToken}
          // A full navigation, so that proxy.ts checks the page again with the new session.
          onComplete={() =>
            window.location.assign(isLocalPath(state.returnTo) ? state.returnTo : "/")
          }
          onCancel={() => setState({ kind: "cancelled" })}
        />
      ) : null}
    </section>
  );
}
