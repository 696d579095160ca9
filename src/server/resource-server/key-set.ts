import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from "jose";
import { createIssuerFetch } from "../oauth/issuer-fetch.js";

/** A key set is refetched at most this often for an unknown `kid`, so bad tokens cannot hammer the issuer. */
const COOLDOWN_MS = 30_000;
/** Discovery and JWKS calls get the AuthClient's default deadline (jose's own 5 s still applies to the JWKS). */
const TIMEOUT_MS = 10_000;

export interface KeySetOptions {
  issuer: string;
  jwksUri?: string;
  fetch?: typeof fetch;
}

/**
 * The issuer's signing keys, found lazily: `jwks_uri` from discovery (OIDC
 * Discovery §3), else `{issuer}/.well-known/jwks.json`. jose's remote set
 * caches the keys and refetches on an unknown `kid` (key rotation) after the
 * cooldown. A failed discovery is retried on the next request.
 */
export function createKeySet(options: KeySetOptions): JWTVerifyGetKey {
  const doFetch = createIssuerFetch(options.fetch, TIMEOUT_MS);
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const load = async (): Promise<JWTVerifyGetKey> => {
    const url = new URL(options.jwksUri ?? (await discoverJwksUri(options.issuer, doFetch)));
    return createRemoteJWKSet(url, {
      cooldownDuration: COOLDOWN_MS,
      [customFetch]: (input, init) => doFetch(input, init as RequestInit),
    });
  };
  return async (header, token) => {
    keys ??= load().catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    return (await keys)(header, token);
  };
}

async function discoverJwksUri(issuer: string, doFetch: typeof fetch): Promise<string> {
  const base = issuer.replace(/\/+$/, "");
  const fallback = `${base}/.well-known/jwks.json`;
  try {
    const response = await doFetch(`${base}/.well-known/openid-configuration`, {
      headers: { accept: "application/json" },
    });
    if (!response.ok) return fallback;
    const document = (await response.json()) as { jwks_uri?: unknown };
    return typeof document.jwks_uri === "string" ? document.jwks_uri : fallback;
  } catch {
    // No discovery (a bare JWKS host): the conventional path is the best guess.
    return fallback;
  }
}
