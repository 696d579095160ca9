import { redirect } from "next/navigation";
import { auth } from "@/lib/auth";
import { SendPayment } from "@/components/send-payment";

/** Example: a route handler wrapped by `withStepUp`, called with `useStepUp().fetch`. */
export default async function RouteHandlerExample() {
  if (!(await auth.getSession())) redirect("/auth/login?returnTo=/examples/route-handler");
  return (
    <section className="card" aria-labelledby="route-handler-title">
      <h1 id="route-handler-title">Route handler</h1>
      <p className="muted">
        The form posts to a route handler wrapped by <code>withStepUp</code>. A step-up answer (403{" "}
        <code>mfa_required</code>) opens the dialog, then the request is sent again.
      </p>
      <SendPayment endpoint="/examples/route-handler/api" />
    </section>
  );
}
