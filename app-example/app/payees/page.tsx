import Link from "next/link";
import { redirect } from "next/navigation";
import { ChangePayee } from "@/components/change-payee";
import { auth } from "@/lib/auth";

/** A passkey-only step-up: the payee API accepts a passkey or a recovery code, nothing else. */
export default async function PayeesPage() {
  const session = await auth.getSession();
  if (!session) redirect("/auth/login?returnTo=/payees");

  return (
    <section className="card" aria-labelledby="payees-title">
      <h1 id="payees-title">Change payee</h1>
      <p className="muted">
        Who may receive your payments. Changing it needs a passkey: a code could be relayed by a
        phishing page, a passkey cannot.
      </p>
      <ChangePayee />
      <p className="actions">
        <Link href="/dashboard">Back to the dashboard</Link>
      </p>
    </section>
  );
}
