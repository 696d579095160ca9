import { randomId } from "../../crypto/hash.js";
import type { IssuerDeps } from "../../deps.js";
import { generateTotpSecret, totpBarcodeUri } from "./totp.js";
import { deletePendingAuthenticators, insertAuthenticator, listAuthenticators } from "./store.js";
import { renderEnrollOtpPage } from "../../ui/mfa-pages.js";
import type { HostedEnrollment } from "../factor.js";
import { otpHostedStep } from "./hosted-step.js";

/** A TOTP enrollment waiting for its first code, ready to render. */
export interface OtpEnrollment {
  /** `totp|<id>`, posted back with the code. */
  authenticatorId: string;
  secret: string;
  qrSvg: string;
}

/**
 * The user's pending TOTP enrollment, or a new one. Re-showing the page (after
 * a wrong code) keeps the secret the user has already scanned.
 */
export async function pendingOtpEnrollment(
  deps: IssuerDeps,
  user: { id: string; email: string },
): Promise<OtpEnrollment> {
  const pending = (await listAuthenticators(deps.db, user.id))
    .filter((row) => row.type === "totp" && row.confirmed_at === null)
    .at(-1);
  let id: string;
  let secret: string;
  if (pending) {
    id = pending.id;
    secret = deps.totpBox.open(pending.secret_sealed, `totp|${id}`);
  } else {
    id = randomId(12);
    secret = generateTotpSecret();
    await deps.db.transaction(async (tx) => {
      await deletePendingAuthenticators(tx, user.id, "totp");
      await insertAuthenticator(tx, {
        id,
        user_id: user.id,
        type: "totp",
        secret_sealed: deps.totpBox.seal(secret, `totp|${id}`),
        created_at: deps.clock(),
      });
    });
  }
  const uri = totpBarcodeUri({ issuer: deps.displayName, account: user.email, secret });
  // Loaded at the first enrollment page rather than with the issuer.
  const { default: QRCode } = await import("qrcode");
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { authenticatorId: `totp|${id}`, secret, qrSvg };
}

/** The hosted page's TOTP enrollment: the QR code and the secret, then the first code. */
export const otpHostedEnrollment: HostedEnrollment = {
  async render(view, deps) {
    const enrollment = await pendingOtpEnrollment(deps, view.user);
    const html = renderEnrollOtpPage({
      displayName: view.displayName,
      base: view.base,
      transaction: view.transaction,
      authenticatorId: enrollment.authenticatorId,
      qrSvg: enrollment.qrSvg,
      secret: enrollment.secret,
      input: otpHostedStep.input,
      ...(view.error !== undefined ? { error: view.error } : {}),
    });
    return { html };
  },
};
