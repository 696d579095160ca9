import { CompactEncrypt, compactDecrypt } from "jose";
import { deriveKey } from "../../shared/derive-key.js";

/**
 * Sealing of cookies and MFA contexts: JWE compact, `dir` + `A256GCM`
 * (RFC 7516/7518). The key is derived once per purpose and imported once as a
 * non-extractable CryptoKey, so sealing costs one AES-GCM operation, unlike
 * iron-session's `sealData`, which derives keys on every call.
 */

const HEADER = { alg: "dir", enc: "A256GCM" } as const;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Derives the 256-bit key for `purpose` (an HKDF label) and imports it for AES-GCM. */
export async function importSealKey(secret: string, purpose: string): Promise<CryptoKey> {
  const raw = await deriveKey(secret, purpose);
  return crypto.subtle.importKey(
    "raw",
    raw as Uint8Array<ArrayBuffer>,
    { name: "AES-GCM" },
    false,
    ["encrypt", "decrypt"],
  );
}

/** Seals a JSON value into a compact JWE. */
export async function seal(payload: unknown, key: CryptoKey): Promise<string> {
  return new CompactEncrypt(encoder.encode(JSON.stringify(payload)))
    .setProtectedHeader(HEADER)
    .encrypt(key);
}

/**
 * Opens a compact JWE made by `seal`. Rejects (with jose's error) when the
 * text was tampered with, made with another key, or is not a JWE.
 */
export async function unseal<T = unknown>(jwe: string, key: CryptoKey): Promise<T> {
  const { plaintext } = await compactDecrypt(jwe, key, {
    keyManagementAlgorithms: ["dir"],
    contentEncryptionAlgorithms: ["A256GCM"],
  });
  return JSON.parse(decoder.decode(plaintext)) as T;
}
