import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
} from "@simplewebauthn/browser";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "../../types/index.js";

/*
 * The browser half of a passkey ceremony, loaded with a dynamic import() by
 * enrollPasskey / verifyWithPasskey only when a passkey is used, so that
 * @simplewebauthn/browser never weighs on a page that imports `mfa` alone.
 * It imports nothing of ours: a module shared with the eager bundle would
 * make bundlers wrap it for lazy initialisation. Failures are thrown as the
 * browser gave them; passkey-error.ts codes them. One ceremony at a time:
 * @simplewebauthn/browser aborts the one in flight when another starts.
 */

/** False when this browser has no WebAuthn (navigator.credentials / PublicKeyCredential). */
export const supportsPasskeys = browserSupportsWebAuthn;

/** Creates a passkey (navigator.credentials.create) for a webauthn enrollment's options. */
export function createPasskey(
  optionsJSON: PublicKeyCredentialCreationOptionsJSON,
): Promise<RegistrationResponseJSON> {
  return startRegistration({ optionsJSON });
}

/** Signs a webauthn challenge with one of the user's passkeys (navigator.credentials.get). */
export function signWithPasskey(
  optionsJSON: PublicKeyCredentialRequestOptionsJSON,
): Promise<AuthenticationResponseJSON> {
  return startAuthentication({ optionsJSON });
}
