/**
 * Reads one cookie from the request's Cookie header. A value that is not
 * valid percent-encoding (`%E0`, a lone `%`) reads as absent: a malformed
 * cookie is the client's problem, never a 500.
 */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    if (part.slice(0, index).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(index + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export interface CookieOptions {
  maxAge?: number;
  secure: boolean;
  path?: string;
}

/** httpOnly + SameSite=Lax: sent on top-level navigations back from the app, never readable by scripts. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path ?? "/"}`,
    "HttpOnly",
    "SameSite=Lax",
  ];
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}

export function clearCookie(name: string, secure: boolean): string {
  return serializeCookie(name, "", { maxAge: 0, secure });
}

/** Cookie names. */
export const COOKIE = {
  session: "stepup_issuer_session",
  /** Binds a pending login form to the browser that opened it (login CSRF). */
  browser: "stepup_issuer_browser",
} as const;
