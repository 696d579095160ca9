import Link from "next/link";
import { redirect } from "next/navigation";
import { SecuritySettings } from "@/components/security-settings";
import { auth } from "@/lib/auth";

export default async function SecurityPage() {
  const session = await auth.getSession();
  if (!session) redirect("/auth/login?returnTo=/security");
  // The issuer's dev outbox (email and SMS codes) answers only in its dev mode.
  const outbox = process.env.STEPUP_ISSUER_BASE_URL
    ? `${process.env.STEPUP_ISSUER_BASE_URL}/dev/outbox`
    : undefined;

  return (
    <section className="card" aria-labelledby="security-title">
      <h1 id="security-title">Security settings</h1>
      <p className="muted">
        Your sign-in factors. Seeing and changing them needs a verification from the last few
        minutes, so you may be asked for a code first.
      </p>
      <SecuritySettings />
      <p className="actions">
        <Link href="/dashboard">Back to the dashboard</Link>
        {outbox ? (
          <a href={outbox} target="_blank" rel="noreferrer">
            Open the issuer&apos;s dev outbox (email and SMS codes)
          </a>
        ) : null}
      </p>
    </section>
  );
}
