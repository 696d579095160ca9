import { randomInt } from "node:crypto";
import { z } from "zod";
import { sha256Hex } from "../../crypto/hash.js";

/** Digits of an email/SMS code. */
export const OOB_CODE_DIGITS = 6;

/** A uniformly random 6-digit code (leading zeros kept). */
export function generateBindingCode(): string {
  return String(randomInt(0, 10 ** OOB_CODE_DIGITS)).padStart(OOB_CODE_DIGITS, "0");
}

/**
 * The stored form of a binding code. Six digits alone hash to one of a million
 * values, trivially reversed; salting with the oob_code (32 random bytes,
 * itself stored only as a hash) makes a leaked table useless without it.
 */
export function hashBindingCode(oobCode: string, bindingCode: string): string {
  return sha256Hex(`${oobCode}:${bindingCode}`);
}

/** An email address as accepted for an email factor. */
export const emailAddress = z.email().max(254);

/** An E.164 phone number: "+", a country code, then the subscriber number, 8 to 15 digits in all. */
export const e164PhoneNumber = z.string().regex(/^\+[1-9]\d{7,14}$/, "must be E.164");

/** "jane@example.com" → "j***@example.com": enough to recognise, not to read. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

// E.164 country codes are prefix-free: 1 and 7 have one digit, these have two, all others three.
const TWO_DIGIT_COUNTRY_CODES = new Set(
  (
    "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 " +
    "60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98"
  ).split(" "),
);

function countryCodeOf(digits: string): string {
  if (digits.startsWith("1") || digits.startsWith("7")) return digits.slice(0, 1);
  if (TWO_DIGIT_COUNTRY_CODES.has(digits.slice(0, 2))) return digits.slice(0, 2);
  return digits.slice(0, 3);
}

/** "+15555555678" → "+1 ***-***-5678": the country code and the last 4 digits stay. */
export function maskPhoneNumber(phone: string): string {
  const digits = phone.replace(/^\+/, "");
  const country = countryCodeOf(digits);
  const national = digits.slice(country.length);
  const hidden = Math.max(0, national.length - 4);
  const groups = "*".repeat(hidden).match(/.{1,3}/g) ?? [];
  return `+${country} ${[...groups, national.slice(hidden)].join("-")}`;
}
