import Link from "next/link";
import { auth } from "@/lib/auth";

export default async function HomePage() {
  const session = await auth.getSession();
  return (
    <section className="card">
      <h1>Pay with a step-up</h1>
      <p>
        Signing in needs a password. Sending a payment needs more: the payment API asks for a recent
        multi-factor authentication, and the app asks you for a passkey or a code from your
        authenticator app when it does.
      </p>
      {session ? (
        <p className="actions">
          <Link className="button" href="/dashboard">
            Go to your dashboard
          </Link>
          {/* /auth/* are route handlers, not pages: plain links, never prefetched. */}
          <a href="/auth/logout">Sign out</a>
        </p>
      ) : (
        <p className="actions">
          <a className="button" href="/auth/login?returnTo=/dashboard">
            Sign in
          </a>
          <a href="/auth/login?screen_hint=signup&amp;returnTo=/dashboard">Create an account</a>
        </p>
      )}
      <h2>Examples</h2>
      {/* Not prefetched: signed out, these pages redirect to the login, and the
          guarded one to a step-up; a prefetch must not start either. */}
      <ul>
        <li>
          <Link href="/examples/route-handler" prefetch={false}>
            Route handler
          </Link>
          : <code>withStepUp</code> and <code>useStepUp().fetch</code>
        </li>
        <li>
          <Link href="/examples/server-action" prefetch={false}>
            Server action
          </Link>
          : <code>withStepUpAction</code> and <code>useStepUp().run</code>
        </li>
        <li>
          <Link href="/examples/proxy-guarded" prefetch={false}>
            Proxy-guarded page
          </Link>
          : <code>auth.requireStepUp</code> in <code>proxy.ts</code>
        </li>
        <li>
          <Link href="/examples/popup" prefetch={false}>
            Popup
          </Link>
          : <code>challengeWithPopup</code>, then pay
        </li>
      </ul>
    </section>
  );
}
