/**
 * Where to send the user after login, logout or a step-up: a same-origin
 * relative path only, so that a `returnTo` can never become an open redirect.
 *
 * The RESULT is what gets checked, not only the input: the URL parser
 * normalises dot segments, drops tabs and newlines and turns `\` into `/`,
 * so an input that looks local (`/.//evil.example/`, `/%2e//evil.example/`,
 * `/a/..//evil.example/`, `/\t/evil.example/`) can normalise to
 * `//evil.example/`, which a browser reads as a protocol-relative URL on
 * another host. Anything that does not survive the round trip falls back to "/".
 */
export function safeReturnTo(value: string | null | undefined, appBaseUrl: URL): string {
  if (!value || !isLocalPath(value, appBaseUrl)) return "/";
  const url = new URL(value, appBaseUrl);
  const result = `${url.pathname}${url.search}${url.hash}`;
  return isLocalPath(result, appBaseUrl) ? result : "/";
}

/**
 * `path` is a path-absolute reference (one leading `/`, never `//` or `/\`)
 * that resolves on the app's own origin.
 */
function isLocalPath(path: string, appBaseUrl: URL): boolean {
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return false;
  try {
    return new URL(path, appBaseUrl).origin === appBaseUrl.origin;
  } catch {
    return false;
  }
}

/**
 * The absolute URL of a return path on the app, checked once more at the
 * point of use: whatever reached a redirect (a sealed transaction, a
 * cookie), the Location header only ever names the app's own origin.
 */
export function returnUrl(path: string, appBaseUrl: URL): URL {
  return new URL(safeReturnTo(path, appBaseUrl), appBaseUrl);
}
