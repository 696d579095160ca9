import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/** scrypt's cost parameters: CPU/memory cost N (a power of two), block size r, parallelism p. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * OWASP Password Storage Cheat Sheet: scrypt with N=2^17, r=8, p=1
 * (128 MiB and about 0.4 s of one core per hash on a small server).
 */
export const PASSWORD_HASH_PARAMS: Readonly<ScryptParams> = { N: 2 ** 17, r: 8, p: 1 };

/**
 * For test and development issuers only (IssuerOptions.insecureFastPasswordHashing,
 * which requires devMode): about 1 ms per hash. Hashes made with it name
 * these parameters, so an issuer at full cost upgrades them at the next sign-in.
 */
export const INSECURE_FAST_PASSWORD_HASH_PARAMS: Readonly<ScryptParams> = {
  N: 2 ** 10,
  r: 8,
  p: 1,
};

const KEY_LENGTH = 32;
/** Stored parameters beyond these are refused rather than run: a tampered row must not exhaust memory. */
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
const MAX_P = 16;

/** scrypt needs 128·r·(N + p + 2) bytes (OpenSSL's check); Node's default cap of 32 MiB is below N=2^17. */
function memoryFor({ N, r, p }: ScryptParams): number {
  return 128 * r * (N + p + 2);
}

function scryptKey(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password,
      salt,
      KEY_LENGTH,
      { ...params, maxmem: memoryFor(params) + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

/** Hashes a password with scrypt and a random salt: `scrypt$N$r$p$salt$hash` (the parameters travel with the hash). */
export async function hashPassword(
  password: string,
  params: ScryptParams = PASSWORD_HASH_PARAMS,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptKey(password, salt, params);
  return [
    "scrypt",
    params.N,
    params.r,
    params.p,
    salt.toString("base64url"),
    key.toString("base64url"),
  ].join("$");
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

/** Reads `scrypt$N$r$p$salt$hash`, or undefined when malformed or beyond the memory cap. */
function parseHash(stored: string): ParsedHash | undefined {
  const [scheme, n, r, p, saltText, keyText, ...rest] = stored.split("$");
  if (scheme !== "scrypt" || !saltText || !keyText || rest.length > 0) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const isPowerOfTwo =
    Number.isSafeInteger(params.N) && params.N > 1 && Math.log2(params.N) % 1 === 0;
  if (!isPowerOfTwo || !Number.isSafeInteger(params.r) || !Number.isSafeInteger(params.p)) {
    return undefined;
  }
  if (params.r < 1 || params.p < 1 || params.p > MAX_P || memoryFor(params) > MAX_MEMORY_BYTES) {
    return undefined;
  }
  const key = Buffer.from(keyText, "base64url");
  return key.length === KEY_LENGTH
    ? { params, salt: Buffer.from(saltText, "base64url"), key }
    : undefined;
}

/** True when any of `stored`'s parameters is below the target's (a stronger stored hash is kept). */
function isWeaker(stored: ScryptParams, target: ScryptParams): boolean {
  return stored.N < target.N || stored.r < target.r || stored.p < target.p;
}

/** The outcome of a password check; `needsRehash` asks the caller to store a new hash at the current cost. */
export interface PasswordCheck {
  valid: boolean;
  needsRehash: boolean;
}

/** Hashes and checks passwords at one cost (the issuer's). */
export interface PasswordHasher {
  readonly params: Readonly<ScryptParams>;
  hash(password: string): Promise<string>;
  /**
   * Checks `password` against `stored` in constant time, with the stored
   * parameters. `stored` undefined (unknown user) still costs one hash at the
   * current parameters, the same as a real check, and answers invalid. A
   * malformed stored hash answers invalid.
   */
  verify(password: string, stored: string | undefined): Promise<PasswordCheck>;
}

/** A hasher at `params` (default OWASP's), with its own dummy hash for unknown users. */
export function createPasswordHasher(
  params: Readonly<ScryptParams> = PASSWORD_HASH_PARAMS,
): PasswordHasher {
  // Made on the first unknown-user check, so timing does not reveal which emails exist.
  let dummy: Promise<string> | undefined;
  return {
    params,
    hash: (password) => hashPassword(password, params),
    async verify(password, stored) {
      const known = stored !== undefined;
      const parsed = parseHash(
        stored ?? (await (dummy ??= hashPassword(randomBytes(16).toString("hex"), params))),
      );
      if (!parsed) return { valid: false, needsRehash: false };
      const actual = await scryptKey(password, parsed.salt, parsed.params);
      const valid = timingSafeEqual(actual, parsed.key) && known;
      return { valid, needsRehash: valid && isWeaker(parsed.params, params) };
    },
  };
}
