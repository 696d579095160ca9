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
    case "webauthn":
      return authenticator.name ?? "Passkey";
    case "recovery-code":
      return "Recovery codes";
  }
}

/** Factors this dialog can challenge (passkeys and recovery codes have their own paths). */
export function isCodeFactor(authenticator: Authenticator): boolean {
  return authenticator.active && ["otp", "email", "sms"].includes(authenticator.type);
}
