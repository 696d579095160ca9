import { sha256Hex } from "../../crypto/hash.js";

/**
 * What a code sent by the hosted MFA step stores in `oob_codes.mfa_token_hash`:
 * a hash of the pending authorization's id (the `transaction`, which only the
 * browser holds; the store keeps its plain SHA-256 as the request's key, so a
 * prefix keeps the two apart). The mfa-oob grant compares that column with the
 * hash of a real mfa_token (random base64url, never containing the prefix's
 * colon), so a hosted code can never be redeemed there, nor an API code here.
 */
export function hostedOobBinding(transaction: string): string {
  return sha256Hex(`hosted-mfa-step:${transaction}`);
}

/**
 * The secret that salts a hosted code's `binding_hash` (in place of the
 * oob_code handle of the API, which the hosted page never shows): the
 * transaction and the row's own random key. A leaked table cannot be brute
 * forced for the 6 digits without the transaction, which is not stored.
 */
export function hostedOobSalt(transaction: string, codeHash: string): string {
  return `hosted-mfa-step:${transaction}:${codeHash}`;
}
