import type { CookieJar, CookieOptions } from "../cookies/cookie-jar.js";

/**
 * Browsers cap a cookie at about 4096 bytes including its name and attributes
 * (RFC 6265 §6.1), so a value larger than this is split over `name.0`,
 * `name.1`, … and joined back in order.
 */
export const CHUNK_SIZE = 3800;

const chunkName = (name: string, index: number) => `${name}.${index}`;

/** The value stored under `name`, whole or chunked; undefined when absent or incomplete. */
export function readChunked(jar: CookieJar, name: string): string | undefined {
  const whole = jar.get(name);
  if (whole !== undefined) return whole;
  const parts: string[] = [];
  for (let index = 0; ; index++) {
    const part = jar.get(chunkName(name, index));
    if (part === undefined) break;
    parts.push(part);
  }
  return parts.length > 0 ? parts.join("") : undefined;
}

/** Writes `value`, then deletes whatever an earlier, larger write left behind. */
export function writeChunked(
  jar: CookieJar,
  name: string,
  value: string,
  options: CookieOptions,
): void {
  const existing = existingChunks(jar, name);
  if (value.length <= CHUNK_SIZE) {
    jar.set(name, value, options);
    for (const index of existing) jar.delete(chunkName(name, index));
    return;
  }
  let count = 0;
  for (let start = 0; start < value.length; start += CHUNK_SIZE, count++) {
    jar.set(chunkName(name, count), value.slice(start, start + CHUNK_SIZE), options);
  }
  for (const index of existing) if (index >= count) jar.delete(chunkName(name, index));
  if (jar.get(name) !== undefined) jar.delete(name);
}

/** Deletes the cookie and all its chunks. */
export function deleteChunked(jar: CookieJar, name: string): void {
  if (jar.get(name) !== undefined) jar.delete(name);
  for (const index of existingChunks(jar, name)) jar.delete(chunkName(name, index));
}

function existingChunks(jar: CookieJar, name: string): number[] {
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(\\d+)$`);
  return jar
    .getAll()
    .map((cookie) => pattern.exec(cookie.name)?.[1])
    .filter((index): index is string => index !== undefined)
    .map(Number);
}
