/** Attributes of a cookie this library sets (a subset of RFC 6265bis that Next.js also accepts). */
export interface CookieOptions {
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: "lax" | "strict" | "none";
  path?: string;
  /** Seconds; 0 deletes. */
  maxAge?: number;
}

/**
 * Where the session lives between requests. Inside Next.js this is
 * `await cookies()` from next/headers; outside (tests, other frameworks) pass
 * your own, e.g. `createCookieJar()`.
 */
export interface CookieJar {
  get(name: string): string | undefined;
  getAll(): Array<{ name: string; value: string }>;
  set(name: string, value: string, options: CookieOptions): void;
  delete(name: string): void;
}

/**
 * An in-memory `CookieJar`, for tests and scripts.
 * @example
 * const jar = createCookieJar();
 * await auth.getAccessToken({ audience }, { cookies: jar });
 */
export function createCookieJar(
  initial: Iterable<{ name: string; value: string }> = [],
): CookieJar {
  const values = new Map<string, string>();
  for (const { name, value } of initial) values.set(name, value);
  return {
    get: (name) => values.get(name),
    getAll: () => [...values].map(([name, value]) => ({ name, value })),
    set(name, value, options) {
      if (options.maxAge !== undefined && options.maxAge <= 0) values.delete(name);
      else values.set(name, value);
    },
    delete: (name) => void values.delete(name),
  };
}
