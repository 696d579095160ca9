import type { IssuerDeps } from "../../deps.js";

/** The sealed-value context of a passkey's public key: its row id, so keys cannot move between rows. */
function context(key: string): string {
  return `webauthn|${key}`;
}

/** Seals a COSE public key for the store (see credential-store.ts for why). */
export function sealPublicKey(deps: IssuerDeps, key: string, publicKey: Uint8Array): string {
  return deps.webauthnBox.seal(Buffer.from(publicKey).toString("base64url"), context(key));
}

/** Opens a stored public key. @throws Error when it was tampered with or moved from another row */
export function openPublicKey(
  deps: IssuerDeps,
  key: string,
  sealed: string,
): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(deps.webauthnBox.open(sealed, context(key)), "base64url"));
}

/**
 * The WebAuthn user handle of a user: their opaque id as bytes (WebAuthn
 * §14.6.1: no email or name in it). Synced passkeys return it with each
 * assertion, which must then name the same user.
 */
export function userHandleOf(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId, "utf8"));
}
