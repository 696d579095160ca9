import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { isoCBOR } from "@simplewebauthn/server/helpers";
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";

/**
 * A software WebAuthn authenticator for tests: real P-256 keys, real CBOR
 * attestation objects ("none" format) and real signed assertions, so the
 * issuer's @simplewebauthn/server checks run for real. Each knob below lets a
 * test forge one thing a hostile or broken client could get wrong.
 */
export interface SoftAuthenticatorOptions {
  /** "multiDevice" sets the backup-eligible flag (a synced passkey); default "singleDevice". */
  deviceType?: "singleDevice" | "multiDevice";
  /** Backup-state flag (only meaningful with multiDevice). */
  backedUp?: boolean;
  /** Keep no signature counter (always 0), as synced passkeys do. */
  noCounter?: boolean;
}

/** What a ceremony's answer claims; defaults are an honest browser on `origin`. */
export interface CeremonyOverrides {
  /** The page origin the browser writes into clientDataJSON. */
  origin: string;
  /** Sign for another RP ID than the options' (its hash goes into authenticator data). */
  rpId?: string;
  /** Answer another challenge than the options'. */
  challenge?: string;
  /** Set the user-verified flag; default true. */
  userVerified?: boolean;
  /** Authentication: the signature counter to report instead of the next one. */
  counter?: number;
  /** Authentication: answer with this credential id (it must be one of this authenticator's). */
  credentialId?: string;
  /** The clientDataJSON type; default the ceremony's. */
  type?: string;
}

interface StoredCredential {
  privateKey: KeyObject;
  rpId: string;
  userHandle: string;
  counter: number;
}

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

export class SoftAuthenticator {
  readonly credentials = new Map<string, StoredCredential>();

  constructor(private readonly options: SoftAuthenticatorOptions = {}) {}

  /** startRegistration(options) in a browser on `overrides.origin`. */
  register(
    options: PublicKeyCredentialCreationOptionsJSON,
    overrides: CeremonyOverrides,
  ): RegistrationResponseJSON {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const credentialId = randomBytes(16);
    const rpId = overrides.rpId ?? options.rp.id ?? new URL(overrides.origin).hostname;
    const jwk = publicKey.export({ format: "jwk" });
    const coseKey = new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x!, "base64url")],
      [-3, Buffer.from(jwk.y!, "base64url")],
    ]);
    const counter = this.options.noCounter ? 0 : 1;
    const attested = Buffer.concat([
      Buffer.alloc(16), // AAGUID: none, as with attestation "none"
      Buffer.from([credentialId.length >> 8, credentialId.length & 0xff]),
      credentialId,
      Buffer.from(isoCBOR.encode(coseKey)),
    ]);
    const authData = this.authenticatorData(rpId, overrides, counter, attested);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, string>>([
        ["fmt", "none"],
        ["attStmt", new Map<string, string>()],
        ["authData", authData],
      ]),
    );
    const id = b64url(credentialId);
    this.credentials.set(id, { privateKey, rpId, userHandle: options.user.id, counter });
    return {
      id,
      rawId: id,
      type: "public-key",
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
      response: {
        clientDataJSON: this.clientData("webauthn.create", options.challenge, overrides),
        attestationObject: b64url(attestationObject),
        transports: ["internal"],
      },
    };
  }

  /** startAuthentication(options) in a browser on `overrides.origin`. */
  authenticate(
    options: PublicKeyCredentialRequestOptionsJSON,
    overrides: CeremonyOverrides,
  ): AuthenticationResponseJSON {
    const allowed = (options.allowCredentials ?? []).map((entry) => entry.id);
    const id =
      overrides.credentialId ?? allowed.find((candidate) => this.credentials.has(candidate));
    const credential = id === undefined ? undefined : this.credentials.get(id);
    if (!id || !credential) throw new Error("SoftAuthenticator: no credential for these options");
    if (overrides.counter === undefined && !this.options.noCounter) credential.counter += 1;
    const counter = overrides.counter ?? credential.counter;
    const rpId = overrides.rpId ?? options.rpId ?? credential.rpId;
    const authData = this.authenticatorData(rpId, overrides, counter);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, overrides);
    const signature = sign(
      "sha256",
      Buffer.concat([authData, sha256(Buffer.from(clientDataJSON, "base64url"))]),
      credential.privateKey,
    );
    return {
      id,
      rawId: id,
      type: "public-key",
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
      response: {
        clientDataJSON,
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: credential.userHandle,
      },
    };
  }

  private clientData(type: string, challenge: string, overrides: CeremonyOverrides): string {
    const data = {
      type: overrides.type ?? type,
      challenge: overrides.challenge ?? challenge,
      origin: overrides.origin,
      crossOrigin: false,
    };
    return b64url(Buffer.from(JSON.stringify(data), "utf8"));
  }

  private authenticatorData(
    rpId: string,
    overrides: CeremonyOverrides,
    counter: number,
    attested?: Buffer,
  ): Buffer {
    const multi = this.options.deviceType === "multiDevice";
    const flags =
      0x01 | // UP
      (overrides.userVerified === false ? 0 : 0x04) | // UV
      (multi ? 0x08 : 0) | // BE
      (multi && this.options.backedUp ? 0x10 : 0) | // BS
      (attested ? 0x40 : 0); // AT
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, attested ?? Buffer.alloc(0)]);
  }
}
