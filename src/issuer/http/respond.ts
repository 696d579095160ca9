import { textResponse } from "./known-body.js";

const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

/** A JSON answer; token and MFA answers must never be cached (RFC 6749 §5.1). */
export function jsonResponse(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return textResponse(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...NO_STORE, ...headers },
  });
}

/** A cacheable public JSON document (discovery, JWKS). */
export function publicJsonResponse(body: unknown): Response {
  return textResponse(JSON.stringify(body), {
    status: 200,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "public, max-age=300",
    },
  });
}

/**
 * An HTML page; framing is denied so the login form cannot be click-jacked.
 * `formRedirectOrigin`: Chromium applies CSP `form-action` to the redirects
 * that follow a form post, so a login form whose answer redirects to the
 * client's (registered) redirect_uri must allow that origin too.
 */
export function htmlResponse(
  body: string,
  status = 200,
  headers: Record<string, string> | Headers = {},
  formRedirectOrigin?: string,
  /** `sha256-…` hashes of the page's inline scripts (a hosted step that needs one, such as a passkey). */
  scriptHashes: readonly string[] = [],
): Response {
  const result = new Headers(headers);
  const scripts =
    scriptHashes.length > 0
      ? ` script-src ${scriptHashes.map((hash) => `'${hash}'`).join(" ")};`
      : "";
  result.set("content-type", "text/html; charset=utf-8");
  result.set("cache-control", "no-store");
  result.set("x-frame-options", "DENY");
  result.set(
    "content-security-policy",
    `default-src 'none'; style-src 'unsafe-inline';${scripts} form-action 'self'${formRedirectOrigin ? ` ${formRedirectOrigin}` : ""}; frame-ancestors 'none'`,
  );
  result.set("referrer-policy", "no-referrer");
  return textResponse(body, { status, headers: result });
}

export function redirectResponse(location: string, headers: Headers = new Headers()): Response {
  headers.set("location", location);
  headers.set("cache-control", "no-store");
  return new Response(null, { status: 302, headers });
}
