import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * SHA-256 hex of a high-entropy secret (tokens, codes, recovery codes). A
 * plain hash is enough for values with 80+ bits of entropy: nothing to brute force.
 */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** `bytes` random bytes as base64url: opaque tokens and ids. */
export function randomId(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** Compares two strings without leaking where they differ (hashes first, so lengths match). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash("sha256").update(a).digest();
  const right = createHash("sha256").update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}
