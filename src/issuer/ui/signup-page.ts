import { alertBlock, describedBy, transactionField } from "./form-parts.js";
import { escapeHtml, renderPage } from "./layout.js";

/** NIST SP 800-63B §5.1.1.2: at least 8 characters, no composition rules. */
export const PASSWORD_MIN_LENGTH = 8;

export interface SignupPageOptions {
  displayName: string;
  /** The issuer's base URL; the form posts to `${base}/signup`. */
  base: string;
  transaction: string;
  email?: string;
  name?: string;
  error?: string;
  /** Which field the error is about, so it gets focus and aria-invalid. */
  errorField?: "email" | "password" | "name";
}

/**
 * The hosted sign-up form (`screen_hint=signup`): plain HTML that works
 * without JavaScript; the field in error (or the first one) has focus.
 */
export function renderSignupPage(options: SignupPageOptions): string {
  const errorId = "signup-error";
  const field = options.error ? (options.errorField ?? "email") : "email";
  const attrs = (name: "email" | "name") =>
    name === field ? ` autofocus${describedBy(errorId, options.error)}` : "";
  const passwordError = options.error && field === "password";
  const passwordAttrs = passwordError
    ? ` autofocus aria-describedby="${errorId} password-hint" aria-invalid="true"`
    : ' aria-describedby="password-hint"';
  const body = `<h1>Create your ${escapeHtml(options.displayName)} account</h1>
${alertBlock(errorId, options.error)}
<form method="post" action="${escapeHtml(options.base)}/signup" novalidate>
${transactionField(options.transaction)}
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${escapeHtml(options.email ?? "")}"${attrs("email")}>
<label for="name">Name</label>
<input id="name" name="name" type="text" autocomplete="name" value="${escapeHtml(options.name ?? "")}"${attrs("name")}>
<label for="password">Password</label>
<p class="hint" id="password-hint">At least ${PASSWORD_MIN_LENGTH} characters.</p>
<input id="password" name="password" type="password" autocomplete="new-password" minlength="${PASSWORD_MIN_LENGTH}" required${passwordAttrs}>
<button type="submit">Create account</button>
</form>
<form method="post" action="${escapeHtml(options.base)}/login">
${transactionField(options.transaction)}
<input type="hidden" name="screen" value="login">
<button type="submit" class="secondary">I have an account: sign in</button>
</form>`;
  return renderPage(`Sign up – ${escapeHtml(options.displayName)}`, body);
}
