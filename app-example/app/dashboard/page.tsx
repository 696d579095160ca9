import { redirect } from "next/navigation";
import { SendPayment } from "../../components/send-payment";
import { auth } from "../../lib/auth";

// Rendered per request: the page depends on the visitor's session cookie.
export const dynamic = "force-dynamic";

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
          <a href="/security">Security settings</a>
          <a href="/auth/logout">Sign out</a>
        </p>
      </section>
      <section className="card" aria-labelledby="send-payment-title">
        <h2 id="send-payment-title">Send payment</h2>
        <SendPayment />
      </section>
    </>
  );
}
