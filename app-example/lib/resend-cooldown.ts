/**
 * Seconds the "Send a new code" button waits after a code was sent: the
 * issuer's `oobResendCooldownSeconds` (default 30). The issuer enforces it;
 * a 429 answer tells the real wait. The end-to-end tests build the app with a
 * short one to match their issuer (e2e/support/app.env.json); Next.js inlines
 * NEXT_PUBLIC_ variables at build time.
 */
export const RESEND_COOLDOWN_SECONDS =
  Number(process.env.NEXT_PUBLIC_STEPUP_RESEND_COOLDOWN_SECONDS) || 30;
