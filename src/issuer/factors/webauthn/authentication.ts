import type {
  AuthenticationResponseJSON,
  AuthenticatorTransport,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import type { IssuerDeps } from "../../deps.js";
import type { SqlClient } from "../../store/sql-client.js";
import { passkeyAmr } from "./amr.js";
import { CEREMONY_TTL_MS, createCeremony, type CeremonyRow } from "./ceremony-store.js";
import { openPublicKey, userHandleOf } from "./credential-keys.js";
import {
  findCredentialByCredentialId,
  type CredentialDeviceType,
  type CredentialRow,
} from "./credential-store.js";
import type { RelyingParty } from "./relying-party.js";
import { loadSimpleWebAuthn } from "./simplewebauthn.js";

export interface AuthenticationStart {
  userId: string;
  binding: string;
  party: RelyingParty;
  /** The passkeys the browser may use: the user's, for this RP ID (one, when the client chose it). */
  credentials: readonly CredentialRow[];
  /** The chosen passkey's id, pinned in the ceremony; null lets any of `credentials` answer. */
  credentialKey: string | null;
  now: number;
}

/**
 * Starts an authentication: PublicKeyCredentialRequestOptionsJSON for
 * startAuthentication, listing the user's passkeys (the user is known by the
 * mfa_token, so no discoverable-credential lookup is needed), and the
 * oob_code that redeems the answer.
 */
export async function beginAuthentication(
  db: SqlClient,
  start: AuthenticationStart,
): Promise<{ oobCode: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const { generateAuthenticationOptions } = await loadSimpleWebAuthn();
  const options = await generateAuthenticationOptions({
    rpID: start.party.id,
    allowCredentials: start.credentials.map((credential) => ({
      id: credential.credential_id,
      transports: credential.transports as AuthenticatorTransport[],
    })),
    timeout: CEREMONY_TTL_MS,
    userVerification: start.party.userVerification,
  });
  const oobCode = await createCeremony(db, {
    user_id: start.userId,
    binding: start.binding,
    kind: "authentication",
    challenge: options.challenge,
    rp_id: start.party.id,
    origins: start.party.origins,
    user_verification: start.party.userVerification,
    credential_key: start.credentialKey,
    name: null,
    created_at: start.now,
  });
  return { oobCode, options };
}

/** A checked assertion, not yet recorded (recordAssertion does that inside the grant's transaction). */
export type AssertionOutcome =
  | {
      ok: true;
      credential: CredentialRow;
      counter: number;
      deviceType: CredentialDeviceType;
      backedUp: boolean;
      /** "hwk" or "swk" (amr.ts). */
      method: "hwk" | "swk";
    }
  | {
      ok: false;
      /**
       * "counter_regressed": a valid signature whose counter did not grow, the
       * sign of a cloned authenticator (WebAuthn §6.1.1); the caller audits it.
       */
      reason: "refused" | "counter_regressed";
      credential?: CredentialRow;
    };

/**
 * Checks an assertion against its ceremony: the credential must be one of the
 * ceremony's user's, for its RP ID (and the pinned one, if any); then
 * challenge, origin, RP ID hash, user presence and, when required,
 * verification, the signature, and a signature counter that grows. The
 * ceremony must already be claimed (single use).
 */
export async function verifyAssertion(
  deps: IssuerDeps,
  db: SqlClient,
  ceremony: CeremonyRow,
  response: AuthenticationResponseJSON,
): Promise<AssertionOutcome> {
  if (ceremony.kind !== "authentication") return { ok: false, reason: "refused" };
  const credential = await findCredentialByCredentialId(db, response.id);
  // Another user's passkey, a foreign RP ID's, or not the one asked for: refused alike.
  if (
    !credential ||
    credential.user_id !== ceremony.user_id ||
    credential.rp_id !== ceremony.rp_id ||
    (ceremony.credential_key !== null && credential.id !== ceremony.credential_key)
  ) {
    return { ok: false, reason: "refused" };
  }
  const handle = response.response.userHandle;
  if (
    handle !== undefined &&
    handle !== Buffer.from(userHandleOf(credential.user_id)).toString("base64url")
  ) {
    return { ok: false, reason: "refused", credential };
  }
  const { verifyAuthenticationResponse } = await loadSimpleWebAuthn();
  let result;
  try {
    result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: ceremony.origins,
      expectedRPID: ceremony.rp_id,
      credential: {
        id: credential.credential_id,
        publicKey: openPublicKey(deps, credential.id, credential.public_key_sealed),
        // The counter is checked below, after the signature, so that only a
        // genuine assertion with a stale counter is reported as a clone.
        counter: 0,
        transports: credential.transports as AuthenticatorTransport[],
      },
      requireUserVerification: ceremony.user_verification === "required",
    });
  } catch {
    return { ok: false, reason: "refused", credential };
  }
  if (!result.verified) return { ok: false, reason: "refused", credential };
  const info = result.authenticationInfo;
  if ((info.newCounter > 0 || credential.counter > 0) && info.newCounter <= credential.counter) {
    return { ok: false, reason: "counter_regressed", credential };
  }
  return {
    ok: true,
    credential,
    counter: info.newCounter,
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    method: passkeyAmr(info.credentialDeviceType),
  };
}
