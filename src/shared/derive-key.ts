/**
 * Derives 32 bytes from a secret with HKDF-SHA-256 (RFC 5869), one purpose
 * label per use, so a key for cookies can never open an MFA context and vice
 * versa. Callers derive once and keep the result: HKDF is cheap but not free.
 */
export async function deriveKey(secret: string, purpose: string): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode(purpose) },
    base,
    256,
  );
  return new Uint8Array(bits);
}
