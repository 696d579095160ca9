import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { deriveKey } from "../../shared/derive-key.js";

/** Encrypts small secrets at rest (TOTP seeds, private JWKs). */
export interface SecretBox {
  /** `context` is bound as AES-GCM additional data (e.g. the row id), so sealed values cannot be swapped between rows. */
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
  /** The key id new values are sealed with. */
  readonly keyId: string;
}

interface KeyEntry {
  id: string;
  key: Buffer;
}

/**
 * AES-256-GCM with keys derived by HKDF from the issuer secret(s) under a
 * purpose label. The first secret seals; every secret opens, looked up by the
 * key id stored in the value, so the issuer secret can rotate without a rewrite.
 * Format: `v1.<keyId>.<iv>.<ciphertext+tag>` (base64url parts).
 */
export async function createSecretBox(secrets: string[], purpose: string): Promise<SecretBox> {
  if (secrets.length === 0) throw new TypeError("createSecretBox needs at least one secret");
  const entries: KeyEntry[] = [];
  for (const secret of secrets) {
    const key = Buffer.from(await deriveKey(secret, purpose));
    // The id identifies the key without revealing it: a hash of the derived key.
    const id = createHash("sha256").update(key).digest("base64url").slice(0, 8);
    entries.push({ id, key });
  }
  const current = entries[0]!;
  return {
    keyId: current.id,
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", current.key, iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const body = Buffer.concat([
        cipher.update(plaintext, "utf8"),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return ["v1", current.id, iv.toString("base64url"), body.toString("base64url")].join(".");
    },
    open(sealed, context) {
      const [version, keyId, ivText, bodyText] = sealed.split(".");
      if (version !== "v1" || !keyId || !ivText || !bodyText)
        throw new Error("Malformed sealed value");
      const entry = entries.find((candidate) => candidate.id === keyId);
      if (!entry) throw new Error(`No key for key id ${keyId}`);
      const body = Buffer.from(bodyText, "base64url");
      if (body.length < 16) throw new Error("Malformed sealed value");
      const decipher = createDecipheriv("aes-256-gcm", entry.key, Buffer.from(ivText, "base64url"));
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(body.subarray(body.length - 16));
      const plain = Buffer.concat([
        decipher.update(body.subarray(0, body.length - 16)),
        decipher.final(),
      ]);
      return plain.toString("utf8");
    },
  };
}

/** HKDF purpose labels: one per use, never shared. */
export const PURPOSE = {
  totpSecret: "next-stepup issuer: TOTP secret at rest v1",
  signingKey: "next-stepup issuer: signing key at rest v1",
  oobDestination: "next-stepup issuer: email/SMS factor destination at rest v1",
  refreshToken: "next-stepup issuer: current refresh token of a family at rest v1",
  webauthnPublicKey: "next-stepup issuer: passkey public key at rest v1",
} as const;
