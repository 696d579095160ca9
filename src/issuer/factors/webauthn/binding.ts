import { sha256Hex } from "../../crypto/hash.js";
import type { MfaTokenRow } from "../../store/mfa-tokens.js";

/** A ceremony started with an mfa_token is redeemed only with that mfa_token. */
export function mfaTokenBinding(token: MfaTokenRow): string {
  return `mfa_token:${token.token_hash}`;
}

/** A ceremony of the hosted MFA page is answered only within that sign-in (its transaction). */
export function transactionBinding(transaction: string): string {
  return `transaction:${sha256Hex(transaction)}`;
}
