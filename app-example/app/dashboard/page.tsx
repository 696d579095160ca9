import Link from "next/link";
import { redirect } from "next/navigation";
import { SendPayment } from "@/components/send-payment";
import { auth } from "@/lib/auth";

// Dynamic without a route segment config: reading the session cookie makes it so.
export default async function DashboardPage() {
  const session = await auth.getSession();
  if (!session) redirect("/auth/login?returnTo=/dashboard");
  const { user } = session;

  return (
    <>
      <section className="card">
        <h1>Dashboard</h1>
        <p>
          Signed in as <strong>{user.name ?? user.email ?? user.sub}</strong>
          {user.name && user.email ? <span className="muted"> ({user.email})</span> : null}
        </p>
        <p className="actions">
          <Link href="/security">Security settings</Link>
          <Link href="/payees">Change payee</Link>
          {/* A route handler, not a page: a plain link, never prefetched. */}
          <a href="/auth/logout">Sign out</a>
        </p>
      </section>
      <section className="card" aria-labelledby="send-payment-title">
        <h2 id="send-payment-title">Send payment</h2>
        <SendPayment endpoint="/api/payments" />
      </section>
    </>
  );
}
