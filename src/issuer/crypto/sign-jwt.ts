import { KeyObject, sign, type webcrypto } from "node:crypto";
import type { SigningKey } from "./signing-key.js";

/**
 * Signs a JWT, the JWS compact serialization of RFC 7515 §7.1 over
 * `claims`, with the issuer's key (ES256: the raw r‖s signature of RFC 7518
 * §3.4; RS256: RSASSA-PKCS1-v1_5), synchronously on node:crypto. jose's
 * SignJWT signs through WebCrypto, whose every call is a job on the thread
 * pool and a promise: 140 µs for an ES256 access token against 35 µs here,
 * on every grant. The tokens are verified with jose like any other
 * (verify-access-token.ts, and the SDK).
 */
export function signJwt(key: SigningKey, typ: string, claims: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ alg: key.alg, kid: key.kid, typ }));
  const input = `${header}.${base64url(JSON.stringify(claims))}`;
  const signature = sign("sha256", Buffer.from(input), {
    key: keyObjectOf(key.privateKey),
    ...(key.alg === "ES256" ? { dsaEncoding: "ieee-p1363" as const } : {}),
  });
  return `${input}.${signature.toString("base64url")}`;
}

const base64url = (text: string) => Buffer.from(text).toString("base64url");

/** The KeyObject of each CryptoKey, made once (a key lives as long as its issuer). */
const keyObjects = new WeakMap<object, KeyObject>();

function keyObjectOf(key: SigningKey["privateKey"]): KeyObject {
  let object = keyObjects.get(key);
  if (!object) {
    object = KeyObject.from(key as webcrypto.CryptoKey);
    keyObjects.set(key, object);
  }
  return object;
}
