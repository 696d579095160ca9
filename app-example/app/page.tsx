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
      <h2>Examples</h2>
      <ul>
        <li>
          <a href="/examples/route-handler">Route handler</a>: <code>withStepUp</code> and{" "}
          <code>useStepUp().fetch</code>
        </li>
        <li>
          <a href="/examples/server-action">Server action</a>: <code>withStepUpAction</code> and{" "}
          <code>useStepUp().run</code>
        </li>
        <li>
          <a href="/examples/proxy-guarded">Proxy-guarded page</a>: <code>auth.requireStepUp</code>{" "}
          in <code>proxy.ts</code>
        </li>
        <li>
          <a href="/examples/popup">Popup</a>: <code>challengeWithPopup</code>, then pay
        </li>
      </ul>
    </section>
  );
}
