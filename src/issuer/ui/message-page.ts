import { escapeHtml, renderPage } from "./layout.js";

/**
 * A page with a heading and a message: errors that must not redirect (an
 * unknown client or redirect_uri, RFC 6749 §4.1.2.1) and "signed out".
 */
export function renderMessagePage(options: {
  heading: string;
  message: string;
  isError?: boolean;
}): string {
  const role = options.isError ? ' role="alert"' : "";
  return renderPage(
    escapeHtml(options.heading),
    `<h1>${escapeHtml(options.heading)}</h1>\n<p${role}>${escapeHtml(options.message)}</p>`,
  );
}
