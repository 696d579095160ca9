import type { Authenticator } from "next-stepup/client";

/**
 * How a factor is named in the UI. Email and SMS authenticators carry the
 * issuer's masked destination as `name` (`j***@example.com`), never the
 * full address, so showing it tells the user where the code went and leaks nothing.
 */
export function describeAuthenticator(authenticator: Authenticator): string {
  switch (authenticator.type) {
    case "otp":
      return "Authenticator app";
    case "email":
      return `Email to ${authenticator.name ?? "your address"}`;
    case "sms":
      return `Text message to ${authenticator.name ?? "your phone"}`;
    case "voice":
      return `Phone call to ${authenticator.name ?? "your phone"}`;
    case "push":
      return `Push notification to ${authenticator.name ?? "your device"}`;
    case "webauthn":
      return authenticator.name ?? "Passkey";
    case "recovery-code":
      return "Recovery codes";
    case "unknown":
      // A factor neither vocabulary knows: listed (never hidden), by its own type.
      return `Other factor (${authenticator.authenticatorType})`;
  }
}

/**
 * Factors of their own that the step-up dialog can challenge: a passkey, a
 * code (app, email, SMS, voice) or a push. Recovery codes have their own
 * path; a factor neither vocabulary knows (`unknown`) is not guessed at.
 */
export function isChallengeFactor(authenticator: Authenticator): boolean {
  return (
    authenticator.active &&
    ["webauthn", "otp", "email", "sms", "voice", "push"].includes(authenticator.type)
  );
}

/**
 * How a passkey is kept, from WebAuthn's backup flags: a synced passkey
 * follows the user to their other devices; a device-bound one (a security
 * key, or a platform passkey that does not sync) exists once.
 */
export function describePasskeyKind(authenticator: Authenticator): string | undefined {
  if (authenticator.type !== "webauthn" || authenticator.backupEligible === undefined) {
    return undefined;
  }
  if (!authenticator.backupEligible) return "Device-bound";
  return authenticator.backedUp ? "Synced" : "Syncable, not yet synced";
}
