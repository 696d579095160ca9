import { redirect } from "next/navigation";
import { auth } from "@/lib/auth";
import { PayWithAction } from "./pay-with-action";

/** Example: a server action wrapped by `withStepUpAction`, called with `useStepUp().run`. */
export default async function ServerActionExample() {
  if (!(await auth.getSession())) redirect("/auth/login?returnTo=/examples/server-action");
  return (
    <section className="card" aria-labelledby="server-action-title">
      <h1 id="server-action-title">Server action</h1>
      <p className="muted">
        The form calls a server action wrapped by <code>withStepUpAction</code>. Its{" "}
        <code>mfa_required</code> result opens the dialog, then the action runs again.
      </p>
      <PayWithAction />
    </section>
  );
}
