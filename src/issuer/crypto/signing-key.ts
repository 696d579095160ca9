import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import type { SqlClient } from "../store/sql-client.js";
import { findCurrentSigningKey, insertSigningKey, listSigningKeys } from "../store/signing-keys.js";
import { randomId } from "./hash.js";
import type { SecretBox } from "./secret-box.js";

/** The JWS algorithms the issuer signs with. */
export const SIGNING_ALGS = ["RS256", "ES256"] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

export interface SigningKey {
  kid: string;
  alg: SigningAlg;
  privateKey: CryptoKey;
}

/** The issuer's keys: one per use, and every stored public key. */
export interface SigningKeys {
  /** ID tokens: RS256, the algorithm every OIDC client accepts by default (OIDC Core §3.1.3.7). */
  idToken: SigningKey;
  /** Access tokens: IssuerOptions.accessTokenSigningAlg (ES256 unless set). */
  accessToken: SigningKey;
  /** Public keys of every stored key, for JWKS and verification. */
  publicJwks: JWK[];
}

/** Makes a new key pair for `alg` (tests inject one that reuses pairs). */
export type KeyPairSource = (
  alg: SigningAlg,
) => Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }>;

const generateExtractable: KeyPairSource = (alg) => generateKeyPair(alg, { extractable: true });

/** Key of the advisory lock that serialises the first key's creation (any constant shared by every issuer). */
const SIGNING_KEY_LOCK_KEY = 0x5e9_0002;

/**
 * Loads the ID-token key (RS256) and the access-token key (`accessTokenAlg`),
 * generating and storing each on first use of its algorithm. Private JWKs are
 * sealed with the issuer secret (AAD: the kid).
 *
 * Issuers starting at once over one PostgreSQL take a transaction-scoped
 * advisory lock first, so exactly one creates each key and the others find
 * it: without it each could create its own, sign with it, and serve a JWKS
 * lacking the other's key, and a resource server would then refuse every
 * token of the other process as `invalid_token`. (PGlite: a no-op lock.)
 */
export async function loadSigningKeys(
  db: SqlClient,
  box: SecretBox,
  now: number,
  accessTokenAlg: SigningAlg = "ES256",
  newKeyPair: KeyPairSource = generateExtractable,
): Promise<SigningKeys> {
  const algs = [...new Set<SigningAlg>(["RS256", accessTokenAlg])];
  await db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [SIGNING_KEY_LOCK_KEY]);
    for (const alg of algs) {
      if (!(await findCurrentSigningKey(tx, alg))) {
        await createSigningKey(tx, box, alg, await newKeyPair(alg), now);
      }
    }
  });
  const [idToken, accessToken] = await Promise.all(
    ["RS256" as const, accessTokenAlg].map((alg) => openSigningKey(db, box, alg)),
  );
  const publicJwks = (await listSigningKeys(db)).map((row) => row.public_jwk as JWK);
  return { idToken: idToken!, accessToken: accessToken!, publicJwks };
}

async function createSigningKey(
  tx: SqlClient,
  box: SecretBox,
  alg: SigningAlg,
  { privateKey, publicKey }: { privateKey: CryptoKey; publicKey: CryptoKey },
  now: number,
): Promise<void> {
  const kid = randomId(12);
  await insertSigningKey(tx, {
    kid,
    alg,
    public_jwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" },
    private_jwk_sealed: box.seal(JSON.stringify(await exportJWK(privateKey)), `signing-key|${kid}`),
    created_at: now,
  });
}

async function openSigningKey(db: SqlClient, box: SecretBox, alg: SigningAlg): Promise<SigningKey> {
  const row = (await findCurrentSigningKey(db, alg))!;
  const privateJwk = JSON.parse(box.open(row.private_jwk_sealed, `signing-key|${row.kid}`)) as JWK;
  return { kid: row.kid, alg, privateKey: (await importJWK(privateJwk, alg)) as CryptoKey };
}
