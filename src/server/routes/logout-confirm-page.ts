/**
 * The page `GET /auth/logout` answers when another site sent the browser
 * there (a link, a redirect or a script on that site): sign-out changes
 * state, so it happens only when the user presses the button, which posts
 * back to our own origin. No script, no styles, nothing loaded: the CSP
 * forbids all of it. It sets no form-action: browsers apply that to each
 * redirect after the post too, and sign-out goes on to the issuer's
 * end-session endpoint, wherever discovery puts it.
 */
export function logoutConfirmPage(logoutPath: string, returnTo: string): Response {
  const action = `${logoutPath}?${new URLSearchParams({ returnTo })}`;
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>Sign out?</title></head><body><main><h1>Sign out?</h1>` +
    `<p>Another site sent you here to sign you out of this app.</p>` +
    `<form method="post" action="${escapeAttribute(action)}">` +
    `<button type="submit">Sign out</button></form>` +
    `<p><a href="${escapeAttribute(returnTo)}">Stay signed in</a></p></main></body></html>`;
  return new Response(html, {
    status: 200,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": "default-src 'none'; base-uri 'none'; frame-ancestors 'none'",
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
    },
  });
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

const escapeAttribute = (value: string) => value.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
