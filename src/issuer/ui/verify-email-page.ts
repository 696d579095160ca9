import { alertBlock, describedBy, transactionField } from "./form-parts.js";
import { escapeHtml, renderPage } from "./layout.js";

export interface VerifyEmailPageOptions {
  displayName: string;
  /** The issuer's base URL; the form posts to `${base}/signup/verify`. */
  base: string;
  transaction: string;
  /** The address as the user typed it: they know it, and it is the same page whether it was taken or not. */
  email: string;
  error?: string;
}

/**
 * The sign-up's email check: the code we sent to the address. A plain form
 * (no JavaScript); shown alike whether the address was free or taken, so the
 * page never tells which.
 */
export function renderVerifyEmailPage(options: VerifyEmailPageOptions): string {
  const errorId = "verify-error";
  const body = `<h1>Check your email</h1>
${alertBlock(errorId, options.error)}
<p>We sent a 6-digit code to <strong>${escapeHtml(options.email)}</strong>. Enter it to confirm the address and finish creating your account.</p>
<form method="post" action="${escapeHtml(options.base)}/signup/verify" novalidate>
${transactionField(options.transaction)}
<label for="code">6-digit code</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" autocapitalize="off" spellcheck="false" maxlength="8" required autofocus${describedBy(errorId, options.error)}>
<button type="submit">Verify email</button>
</form>`;
  return renderPage(`Verify your email – ${escapeHtml(options.displayName)}`, body);
}
