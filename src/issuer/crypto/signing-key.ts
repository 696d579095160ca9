import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import type { SqlClient } from "../store/sql-client.js";
import { findCurrentSigningKey, insertSigningKey, listSigningKeys } from "../store/signing-keys.js";
import { randomId } from "./hash.js";
import type { SecretBox } from "./secret-box.js";

export interface SigningKey {
  kid: string;
  alg: "RS256";
  privateKey: CryptoKey;
  /** Public keys of every stored key, for JWKS and verification. */
  publicJwks: JWK[];
}

/**
 * Loads the RS256 signing key, generating and storing one on first start.
 * The private JWK is sealed with the issuer secret (AAD: the kid).
 */
export async function loadSigningKey(
  db: SqlClient,
  box: SecretBox,
  now: number,
): Promise<SigningKey> {
  if (!(await findCurrentSigningKey(db))) {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const kid = randomId(12);
    const privateJwk = await exportJWK(privateKey);
    await insertSigningKey(db, {
      kid,
      alg: "RS256",
      public_jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" },
      private_jwk_sealed: box.seal(JSON.stringify(privateJwk), `signing-key|${kid}`),
      created_at: now,
    });
  }
  const current = (await findCurrentSigningKey(db))!;
  const privateJwk = JSON.parse(
    box.open(current.private_jwk_sealed, `signing-key|${current.kid}`),
  ) as JWK;
  const privateKey = (await importJWK(privateJwk, "RS256")) as CryptoKey;
  const publicJwks = (await listSigningKeys(db)).map((row) => row.public_jwk as JWK);
  return { kid: current.kid, alg: "RS256", privateKey, publicJwks };
}
