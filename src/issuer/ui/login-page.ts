import { escapeHtml, renderPage } from "./layout.js";

export interface LoginPageOptions {
  displayName: string;
  /** Form action (the issuer's /login URL). */
  action: string;
  /** The pending authorization's random id. */
  transaction: string;
  email?: string;
  error?: string;
  /** When sign-up was offered (`screen_hint=signup`): where "Create an account" posts. */
  signupAction?: string;
}

/**
 * The hosted login form: plain HTML that works without JavaScript, labelled
 * inputs, and an error announced to screen readers via role="alert".
 */
export function renderLoginPage(options: LoginPageOptions): string {
  const error = options.error
    ? `<p class="error" role="alert" id="login-error">${escapeHtml(options.error)}</p>`
    : "";
  const described = options.error ? ' aria-describedby="login-error" aria-invalid="true"' : "";
  const body = `<h1>Sign in to ${escapeHtml(options.displayName)}</h1>
${error}
<form method="post" action="${escapeHtml(options.action)}" novalidate>
<input type="hidden" name="transaction" value="${escapeHtml(options.transaction)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required autofocus value="${escapeHtml(options.email ?? "")}"${described}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${described}>
<button type="submit">Continue</button>
</form>${options.signupAction ? switchForm(options.signupAction, options.transaction) : ""}`;
  return renderPage(`Sign in – ${escapeHtml(options.displayName)}`, body);
}

function switchForm(action: string, transaction: string): string {
  return `
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="transaction" value="${escapeHtml(transaction)}">
<input type="hidden" name="screen" value="signup">
<button type="submit" class="secondary">Create an account</button>
</form>`;
}
