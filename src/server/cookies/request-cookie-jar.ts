import type { CookieJar, CookieOptions } from "./cookie-jar.js";

/** A `CookieJar` over a `Request`, recording writes to replay on the `Response`. */
export interface RequestCookieJar extends CookieJar {
  /** A copy of `response` (headers made mutable) carrying every recorded Set-Cookie. */
  applyTo(response: Response): Response;
}

/** Parses the `Cookie` request header (RFC 6265 §5.4); later duplicates lose. */
export function parseCookieHeader(header: string | null): Map<string, string> {
  const values = new Map<string, string>();
  for (const rawPart of (header ?? "").split(";")) {
    const part = rawPart.trim();
    const index = part.indexOf("=");
    if (index < 1) continue;
    const name = part.slice(0, index).trim();
    if (values.has(name)) continue;
    const raw = part.slice(index + 1).trim();
    try {
      values.set(name, decodeURIComponent(raw));
    } catch {
      values.set(name, raw);
    }
  }
  return values;
}

/** One `Set-Cookie` header value. Values we write are base64url/JWE text, cookie-safe as is. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path ?? "/"}`];
  if (options.maxAge !== undefined) {
    parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAge))}`);
    if (options.maxAge <= 0) parts.push("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
  }
  if (options.httpOnly) parts.push("HttpOnly");
  if (options.secure) parts.push("Secure");
  if (options.sameSite)
    parts.push(`SameSite=${options.sameSite[0]!.toUpperCase()}${options.sameSite.slice(1)}`);
  return parts.join("; ");
}

/** Builds the jar the `/auth/*` routes and the middleware use. */
export function createRequestCookieJar(request: Request): RequestCookieJar {
  const values = parseCookieHeader(request.headers.get("cookie"));
  const writes = new Map<string, string>();
  return {
    get: (name) => values.get(name),
    getAll: () => [...values].map(([name, value]) => ({ name, value })),
    set(name, value, options) {
      if (options.maxAge !== undefined && options.maxAge <= 0) values.delete(name);
      else values.set(name, value);
      writes.set(name, serializeCookie(name, value, options));
    },
    delete(name) {
      values.delete(name);
      writes.set(name, serializeCookie(name, "", { path: "/", maxAge: 0 }));
    },
    applyTo(response) {
      if (writes.size === 0) return response;
      const copy = new Response(response.body, response);
      for (const header of writes.values()) copy.headers.append("set-cookie", header);
      return copy;
    },
  };
}
