import { generateTotpCode } from "../issuer/factors/otp/totp.js";

/**
 * The 6-digit TOTP code an authenticator app would show for a base32 `secret`
 * at `atMs` (default now). Pass `testIssuer.clock.now()` after advancing the clock.
 * @example
 * const code = await generateTotp(enrollment.secret, testIssuer.clock.now());
 */
export function generateTotp(secret: string, atMs: number = Date.now()): Promise<string> {
  return generateTotpCode(secret, atMs);
}
