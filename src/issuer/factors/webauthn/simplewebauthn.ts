/**
 * @simplewebauthn/server, loaded at the first passkey ceremony instead of
 * with the issuer: it (with its ASN.1 and CBOR parsers) is the heaviest
 * module the issuer has, about 0.3 s of CPU to load, which every issuer start
 * (a serverless cold start, each test issuer) would otherwise pay whether or
 * not anyone uses a passkey.
 */
let loading: Promise<typeof import("@simplewebauthn/server")> | undefined;

export function loadSimpleWebAuthn(): Promise<typeof import("@simplewebauthn/server")> {
  loading ??= import("@simplewebauthn/server").catch((error: unknown) => {
    // A failed load (e.g. a broken install) is retried at the next ceremony.
    loading = undefined;
    throw error;
  });
  return loading;
}
