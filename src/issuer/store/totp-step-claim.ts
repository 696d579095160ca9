/**
 * The compare-and-set that records a used TOTP time step on an
 * authenticator, as SQL over the given placeholders: it updates (and
 * returns the id) only when this step is later than any step used before,
 * so a code cannot be replayed, even by a racing request on another
 * process; the first answer also confirms a pending enrollment. One text
 * for claimTotpStep (factors/otp/store.ts) and the MFA grant's consuming
 * statement (consumeMfaTokenIntoFamily), which claims the step in the same
 * round trip.
 */
export function claimTotpStepSql(placeholders: { id: string; step: string; now: string }): string {
  const { id, step, now } = placeholders;
  return `UPDATE authenticators SET last_used_step = ${step}, last_auth_at = ${now},
       confirmed_at = COALESCE(confirmed_at, ${now})
     WHERE id = ${id} AND (last_used_step IS NULL OR last_used_step < ${step}) RETURNING id`;
}
