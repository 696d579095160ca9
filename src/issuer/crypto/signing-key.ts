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

/** Key of the advisory lock that serialises the first key's creation (any constant shared by every issuer). */
const SIGNING_KEY_LOCK_KEY = 0x5e9_0002;

/**
 * Loads the RS256 signing key, generating and storing one on first start.
 * The private JWK is sealed with the issuer secret (AAD: the kid).
 *
 * Issuers starting at once over one PostgreSQL take a transaction-scoped
 * advisory lock first, so exactly one creates the key and the others find
 * it: without it each could create its own, sign with it, and serve a JWKS
 * lacking the other's key, and a resource server would then refuse every
 * token of the other process as `invalid_token`. (PGlite: a no-op lock.)
 */
export async function loadSigningKey(
  db: SqlClient,
  box: SecretBox,
  now: number,
): Promise<SigningKey> {
  await db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [SIGNING_KEY_LOCK_KEY]);
    if (await findCurrentSigningKey(tx)) return;
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const kid = randomId(12);
    const privateJwk = await exportJWK(privateKey);
    await insertSigningKey(tx, {
      kid,
      alg: "RS256",
      public_jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" },
      private_jwk_sealed: box.seal(JSON.stringify(privateJwk), `signing-key|${kid}`),
      created_at: now,
    });
  });
  const current = (await findCurrentSigningKey(db))!;
  const privateJwk = JSON.parse(
    box.open(current.private_jwk_sealed, `signing-key|${current.kid}`),
  ) as JWK;
  const privateKey = (await importJWK(privateJwk, "RS256")) as CryptoKey;
  const publicJwks = (await listSigningKeys(db)).map((row) => row.public_jwk as JWK);
  return { kid: current.kid, alg: "RS256", privateKey, publicJwks };
}
