import { generate, generateSecret, verify } from "otplib";

/** RFC 6238 parameters, the ones every authenticator app supports. */
export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;

/** A new base32 secret (160 bits, RFC 4226 §4's recommended length). */
export function generateTotpSecret(): string {
  return generateSecret();
}

/** The 6-digit code for `secret` at `atMs`. */
export function generateTotpCode(secret: string, atMs: number): Promise<string> {
  return generate({
    secret,
    epoch: Math.floor(atMs / 1000),
    period: TOTP_PERIOD,
    digits: TOTP_DIGITS,
  });
}

/**
 * Checks a code within ±1 time step (clock drift between phone and server,
 * RFC 6238 §5.2) and returns the matched step, or undefined. Replay is the
 * caller's job: it must claim the step atomically in the store.
 */
export async function verifyTotpCode(
  secret: string,
  code: string,
  atMs: number,
): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(atMs / 1000),
    period: TOTP_PERIOD,
    digits: TOTP_DIGITS,
    epochTolerance: TOTP_PERIOD,
  });
  // The union type covers HOTP too; for TOTP, delta is in periods from the current step.
  return result.valid ? Math.floor(atMs / 1000 / TOTP_PERIOD) + result.delta : undefined;
}

/** The `otpauth://` URI authenticator apps scan (Key Uri Format). */
export function totpBarcodeUri(options: {
  issuer: string;
  account: string;
  secret: string;
}): string {
  const label = `${encodeURIComponent(options.issuer)}:${encodeURIComponent(options.account)}`;
  const query = new URLSearchParams({
    secret: options.secret,
    issuer: options.issuer,
    algorithm: "SHA1",
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}
