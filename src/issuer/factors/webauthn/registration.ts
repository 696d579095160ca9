import type {
  PublicKeyCredentialCreationOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import type { IssuerDeps } from "../../deps.js";
import type { SqlClient } from "../../store/sql-client.js";
import { CEREMONY_TTL_MS, createCeremony, type CeremonyRow } from "./ceremony-store.js";
import type { CredentialRow } from "./credential-store.js";
import type { RelyingParty } from "./relying-party.js";
import { sealPublicKey, userHandleOf } from "./credential-keys.js";
import { loadSimpleWebAuthn } from "./simplewebauthn.js";

/** The label of a passkey registered without a name. */
export const DEFAULT_PASSKEY_NAME = "Passkey";

export interface RegistrationStart {
  user: { id: string; email: string; name: string | null };
  /** What the answer must come with (ceremony-store.ts `binding`). */
  binding: string;
  party: RelyingParty;
  /** The id the passkey gets once registered. */
  credentialKey: string;
  name: string | undefined;
  /** The user's passkeys: the browser refuses to register one of them twice. */
  existing: readonly CredentialRow[];
  now: number;
}

/**
 * Starts a registration: PublicKeyCredentialCreationOptionsJSON for
 * startRegistration, and the oob_code that redeems the answer. Attestation
 * "none" (we trust no vendor list, and asking for more only adds a prompt);
 * a discoverable credential preferred (a passkey, usable without a user
 * name); user verification as configured. The user handle is the user's
 * opaque id, never the email.
 */
export async function beginRegistration(
  deps: IssuerDeps,
  db: SqlClient,
  start: RegistrationStart,
): Promise<{ oobCode: string; options: PublicKeyCredentialCreationOptionsJSON }> {
  const { party, user } = start;
  const { generateRegistrationOptions } = await loadSimpleWebAuthn();
  const options = await generateRegistrationOptions({
    rpName: party.name,
    rpID: party.id,
    userID: userHandleOf(user.id),
    userName: user.email,
    userDisplayName: user.name ?? user.email,
    timeout: CEREMONY_TTL_MS,
    attestationType: "none",
    excludeCredentials: start.existing
      .filter((credential) => credential.rp_id === party.id)
      .map((credential) => ({
        id: credential.credential_id,
        transports: credential.transports,
      })),
    authenticatorSelection: {
      residentKey: "preferred",
      userVerification: party.userVerification,
    },
  });
  const oobCode = await createCeremony(db, {
    user_id: user.id,
    binding: start.binding,
    kind: "registration",
    challenge: options.challenge,
    rp_id: party.id,
    origins: party.origins,
    user_verification: party.userVerification,
    credential_key: start.credentialKey,
    name: start.name ?? null,
    created_at: start.now,
  });
  return { oobCode, options };
}

/**
 * Checks a registration answer against its ceremony (challenge, origin, RP ID,
 * user presence and, when required, verification; the attestation statement's
 * own signature when it has one) and returns the passkey to store, or
 * undefined when the answer is refused. The ceremony must already be claimed.
 */
export async function verifyRegistration(
  deps: IssuerDeps,
  ceremony: CeremonyRow,
  response: RegistrationResponseJSON,
  now: number,
): Promise<Omit<CredentialRow, "last_auth_at"> | undefined> {
  if (ceremony.kind !== "registration" || ceremony.credential_key === null) return undefined;
  const { verifyRegistrationResponse } = await loadSimpleWebAuthn();
  let result;
  try {
    result = await verifyRegistrationResponse({
      response,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: ceremony.origins,
      expectedRPID: ceremony.rp_id,
      requireUserVerification: ceremony.user_verification === "required",
    });
  } catch {
    // Every malformed or mismatched answer lands here; the caller counts it as a wrong answer.
    return undefined;
  }
  if (!result.verified) return undefined;
  const info = result.registrationInfo;
  const key = ceremony.credential_key;
  return {
    id: key,
    user_id: ceremony.user_id,
    credential_id: info.credential.id,
    public_key_sealed: sealPublicKey(deps, key, info.credential.publicKey),
    rp_id: ceremony.rp_id,
    counter: info.credential.counter,
    transports: response.response.transports ?? info.credential.transports ?? [],
    device_type: info.credentialDeviceType,
    backed_up: info.credentialBackedUp,
    name: ceremony.name ?? DEFAULT_PASSKEY_NAME,
    created_at: now,
  };
}
