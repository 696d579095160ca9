import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import { randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { KeyPairSource, SigningAlg } from "../issuer/crypto/signing-key.js";
import { STORE_IMAGE_DIR_ENV } from "./store-image.js";

type KeyPair = { privateKey: CryptoKey; publicKey: CryptoKey };
const memo = new Map<SigningAlg, Promise<KeyPair>>();

/**
 * Key pairs for test issuers, made once per test run: an RSA-2048 pair costs
 * about 0.16 s of CPU and a run starts well over a hundred issuers. Shared by
 * the processes of one run through the folder of its store image (the file
 * holds test keys only, in the run's own temporary folder); each issuer still
 * seals its copy with its own secret. Never used outside next-stepup/testing.
 */
export const reusedTestKeyPair: KeyPairSource = (alg) => {
  let pair = memo.get(alg);
  if (!pair) {
    pair = loadOrMake(alg);
    memo.set(alg, pair);
  }
  return pair;
};

async function loadOrMake(alg: SigningAlg): Promise<KeyPair> {
  const dir = process.env[STORE_IMAGE_DIR_ENV];
  const path = dir ? join(dir, `test-key-${alg}.json`) : undefined;
  const saved = path ? await readFile(path, "utf8").catch(() => undefined) : undefined;
  if (saved) {
    const { privateJwk, publicJwk } = JSON.parse(saved) as { privateJwk: JWK; publicJwk: JWK };
    return {
      privateKey: (await importJWK(privateJwk, alg, { extractable: true })) as CryptoKey,
      publicKey: (await importJWK(publicJwk, alg, { extractable: true })) as CryptoKey,
    };
  }
  const pair = await generateKeyPair(alg, { extractable: true });
  if (path) {
    const json = JSON.stringify({
      privateJwk: await exportJWK(pair.privateKey),
      publicJwk: await exportJWK(pair.publicKey),
    });
    // Write then rename, so that another process never reads half a file.
    const partial = `${path}.${process.pid}-${randomBytes(4).toString("hex")}`;
    await writeFile(partial, json);
    await rename(partial, path);
  }
  return pair;
}
