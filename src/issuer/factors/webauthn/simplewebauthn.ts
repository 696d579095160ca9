/**
 * @simplewebauthn/server, loaded at the first passkey ceremony instead of
 * with the issuer: it (with its ASN.1 and CBOR parsers) is the heaviest
 * module the issuer has, about 0.3 s of CPU to load, which every issuer start
 * (a serverless cold start, each test issuer) would otherwise pay whether or
 * not anyone uses a passkey. Later calls get the module already loaded.
 */
export const loadSimpleWebAuthn = () => import("@simplewebauthn/server");
