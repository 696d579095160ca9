import { redirect } from "next/navigation";
import { auth } from "@/lib/auth";
import { PopupPayment } from "./popup-payment";

/**
 * The popup pattern: the step-up runs on the issuer's hosted MFA pages in a
 * popup, and this page keeps its state (the form, the scroll position) while
 * it does.
 */
export default async function PopupExamplePage() {
  if (!(await auth.getSession())) redirect("/auth/login?returnTo=/examples/popup");
  return (
    <section className="card" aria-labelledby="popup-title">
      <h1 id="popup-title">Pay after a popup step-up</h1>
      <p className="muted">
        The payment API wants a recent multi-factor authentication. This page asks for it in a popup
        on the sign-in server, then sends the payment.
      </p>
      <PopupPayment />
    </section>
  );
}
