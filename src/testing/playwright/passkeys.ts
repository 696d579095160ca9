import type { CDPSession, Page } from "@playwright/test";

/*
 * Passkeys in Playwright: Chromium's CDP virtual authenticator stands in for
 * the platform authenticator (Touch ID, Windows Hello, a phone), so
 * navigator.credentials.create/get answer at once with real WebAuthn objects
 * that the issuer verifies like any other. Chromium only (CDP).
 */

/** A credential as Chromium's virtual authenticator reports it (CDP WebAuthn.Credential). */
export interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
}

/** A CDP virtual authenticator attached to one page (a passkey on "this device"). */
export interface VirtualAuthenticator {
  readonly id: string;
  /** The passkeys it holds. */
  credentials(): Promise<VirtualCredential[]>;
  /** Gives it a passkey made elsewhere: the same passkey on another device or browser session. */
  addCredential(credential: VirtualCredential): Promise<void>;
  /** Whether the next ceremonies verify the user (false: the prompt fails as if cancelled). */
  setUserVerified(verified: boolean): Promise<void>;
  remove(): Promise<void>;
}

/**
 * Adds Chromium's virtual authenticator to `page` through CDP
 * (`WebAuthn.enable` + `WebAuthn.addVirtualAuthenticator`): a platform
 * authenticator (CTAP2, internal transport) with resident keys and user
 * verification that answers every prompt at once, as a passkey on this
 * device would after a fingerprint.
 */
export async function addVirtualAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    id: authenticatorId,
    async credentials() {
      const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
      return credentials as VirtualCredential[];
    },
    async addCredential(credential) {
      await cdp.send("WebAuthn.addCredential", { authenticatorId, credential });
    },
    async setUserVerified(verified) {
      await cdp.send("WebAuthn.setUserVerified", { authenticatorId, isUserVerified: verified });
    },
    async remove() {
      await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId });
    },
  };
}

/** A virtual authenticator on `page` holding the passkeys of `from` (another session or device). */
export async function copyPasskeys(
  from: VirtualAuthenticator,
  page: Page,
): Promise<VirtualAuthenticator> {
  const authenticator = await addVirtualAuthenticator(page);
  for (const credential of await from.credentials()) await authenticator.addCredential(credential);
  return authenticator;
}
