import { escapeHtml, renderPage } from "./layout.js";

/** The sign-out request to carry through the confirmation form (all optional, already validated). */
export interface LogoutConfirmView {
  action: string;
  clientId: string | undefined;
  postLogoutRedirectUri: string | undefined;
  state: string | undefined;
}

/**
 * "Sign out?": shown when a sign-out request cannot show that it comes from
 * an application holding this user's ID token, nor from the user (RP-Initiated
 * Logout 1.0 §2: the OP should then ask). The button posts the same request
 * back to the issuer's own origin.
 */
export function renderLogoutConfirmPage(view: LogoutConfirmView): string {
  const fields: Array<[string, string | undefined]> = [
    ["client_id", view.clientId],
    ["post_logout_redirect_uri", view.postLogoutRedirectUri],
    ["state", view.state],
  ];
  const hidden = fields
    .map(([name, value]) =>
      value === undefined
        ? ""
        : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`,
    )
    .join("");
  return renderPage(
    "Sign out?",
    `<h1>Sign out?</h1>\n<p>Do you want to sign out? Applications you signed in to here will sign you out as well.</p>\n` +
      `<form method="post" action="${escapeHtml(view.action)}">${hidden}` +
      `<button type="submit">Sign out</button></form>`,
  );
}
