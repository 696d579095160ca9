import type { CredentialDeviceType } from "./credential-store.js";

/**
 * The RFC 8176 §2 method a passkey adds to amr besides "mfa": "hwk"
 * (proof of possession of a hardware-secured key) or "swk" (of a
 * software-secured key). The authenticator data says which (WebAuthn §6.1,
 * flags BE and BS): a single-device credential (not backup eligible) keeps its
 * private key inside the authenticator's hardware, which never lets it out, so
 * "hwk". A multi-device credential is made to be copied to other devices by a
 * sync service (iCloud Keychain, Google Password Manager), so the key exists
 * outside any one piece of hardware, and its possession proves no more than a
 * software key: "swk", whether or not it has been backed up yet, since being
 * eligible already means the platform may export it.
 */
export function passkeyAmr(deviceType: CredentialDeviceType): "hwk" | "swk" {
  return deviceType === "singleDevice" ? "hwk" : "swk";
}
