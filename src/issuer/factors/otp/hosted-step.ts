import { verifyTotpCode } from "./totp.js";
import { claimTotpStep, listAuthenticators } from "./store.js";
import type { HostedStep } from "../factor.js";

/**
 * TOTP (authenticator app). The matched time step is claimed atomically, so a
 * code works once per authenticator (replay is refused, as in the mfa-otp grant).
 */
export const otpHostedStep: HostedStep = {
  label: "Authenticator app",
  heading: "Enter your authenticator code",
  input: {
    label: "6-digit code",
    hint: "Open your authenticator app and enter the code it shows.",
    inputmode: "numeric",
    autocomplete: "one-time-code",
    maxlength: 8,
  },
  async verify(context, answer) {
    const row = (await listAuthenticators(context.db, context.userId)).find(
      (candidate) =>
        candidate.id === context.key &&
        candidate.type === "totp" &&
        (candidate.confirmed_at !== null || context.enrolling),
    );
    if (!row) return undefined;
    const secret = context.deps.totpBox.open(row.secret_sealed, `totp|${row.id}`);
    const step = await verifyTotpCode(secret, answer.replace(/\s+/g, ""), context.now);
    if (step === undefined) return undefined;
    return (await claimTotpStep(context.db, row.id, step, context.now)) ? ["otp"] : undefined;
  },
};
