import type { CookieJar } from "../server/cookies/cookie-jar.js";

/** Stores a response's Set-Cookie headers in `jar`, as a browser would (Max-Age=0 deletes). */
export function absorbSetCookies(jar: CookieJar, response: Response): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair = "", ...attributes] = header.split(";");
    const index = pair.indexOf("=");
    const name = pair.slice(0, index).trim();
    const value = decodeURIComponent(pair.slice(index + 1).trim());
    const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
    if (expired) jar.delete(name);
    else jar.set(name, value, {});
  }
}

/** The `Cookie` header a browser would send from `jar`. */
export function cookieHeader(jar: CookieJar): string {
  return jar
    .getAll()
    .map(({ name, value }) => `${name}=${encodeURIComponent(value)}`)
    .join("; ");
}
