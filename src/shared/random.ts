import { encodeBase64Url } from "./base64url.js";

/** `bytes` random bytes as base64url: ids, state, nonces, opaque tokens. */
export function randomToken(bytes = 32): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}
