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
 * Factors this dialog can challenge: a code (app, email, SMS) or a push
 * (passkeys and recovery codes have their own paths).
 */
export function isCodeFactor(authenticator: Authenticator): boolean {
  return authenticator.active && ["otp", "email", "sms", "push"].includes(authenticator.type);
}
