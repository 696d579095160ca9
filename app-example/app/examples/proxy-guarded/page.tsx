import { MfaRequiredError } from "next-stepup/errors";
import { callPaymentsApi } from "@/lib/call-payments-api";

interface Balance {
  currency: string;
  available: number;
}

/**
 * Example: a page guarded in proxy.ts by `auth.requireStepUp`. The proxy
 * only lets the request through once the session holds a token meeting the
 * payments API's policy, so the page just uses it; no step-up code here.
 */
export default async function ProxyGuardedExample() {
  let balance: Balance;
  try {
    balance = await callPaymentsApi<Balance>("/api/resource/balance");
  } catch (error) {
    // The MFA went stale between the proxy and this render (rare). A link, not
    // an automatic redirect, so that a disagreement can never loop.
    if (!(error instanceof MfaRequiredError)) throw error;
    return (
      <section className="card">
        <h1>Proxy-guarded page</h1>
        <p role="alert">
          Your verification expired.{" "}
          {/* A full page load: proxy.ts then answers with its step-up redirect. */}
          <a href="/examples/proxy-guarded">Verify again</a>
        </p>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="proxy-guarded-title">
      <h1 id="proxy-guarded-title">Proxy-guarded page</h1>
      <p className="muted">
        <code>proxy.ts</code> sent you through the step-up page before this page rendered.
      </p>
      <p>
        Available balance:{" "}
        <strong data-testid="balance">
          {balance.available.toFixed(2)} {balance.currency}
        </strong>
      </p>
    </section>
  );
}
