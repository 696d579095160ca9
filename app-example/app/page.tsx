import { auth } from "../lib/auth";

// Rendered per request: the page depends on the visitor's session cookie.
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const session = await auth.getSession();
  return (
    <section className="card">
      <h1>Pay with a step-up</h1>
      <p>
        Signing in needs a password. Sending a payment needs more: the payment API asks for a recent
        multi-factor authentication, and the app asks you for a code from your authenticator app
        when it does.
      </p>
      {session ? (
        <p className="actions">
          <a className="button" href="/dashboard">
            Go to your dashboard
          </a>
          <a href="/auth/logout">Sign out</a>
        </p>
      ) : (
        <p className="actions">
          <a className="button" href="/auth/login?returnTo=/dashboard">
            Sign in
          </a>
        </p>
      )}
      <p>
        <a href="/examples/popup">Example: step up in a popup, then pay</a>
      </p>
    </section>
  );
}
