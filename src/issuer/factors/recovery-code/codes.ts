import { randomInt } from "node:crypto";
import { sha256Hex } from "../../crypto/hash.js";

// No 0/O, 1/I/L, 2/Z, 5/S, 8/B: nothing a person can misread. 24 symbols.
const ALPHABET = "ACDEFGHJKMNPQRTUVWXY3467";
const GROUPS = 3;
const GROUP_LENGTH = 6;
/** How many codes come with the first factor. */
export const RECOVERY_CODE_COUNT = 10;

/**
 * One recovery code like `ACDE3F-GHJK4M-NPQR67`: 18 symbols of a 24-letter
 * alphabet is 82 bits of entropy, so a plain SHA-256 at rest is enough.
 */
export function generateRecoveryCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = "";
    for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join("-");
}

export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, generateRecoveryCode);
}

/** What the user typed, made comparable: case, dashes and spaces do not matter. */
export function normalizeRecoveryCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]+/g, "");
}

/** The stored form of a code (normalized first, so `acde3f ghjk4m…` matches). */
export function hashRecoveryCode(input: string): string {
  return sha256Hex(`recovery-code:${normalizeRecoveryCode(input)}`);
}
