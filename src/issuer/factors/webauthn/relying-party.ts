import type { IssuerDeps } from "../../deps.js";
import { hostWithinRpId } from "../../options-schema.js";

/** Who a ceremony is for: the RP ID the credential is scoped to, and the origins that may answer. */
export interface RelyingParty {
  id: string;
  name: string;
  /** Exact origins accepted in clientDataJSON (the anti-phishing check). */
  origins: string[];
  userVerification: "required" | "preferred" | "discouraged";
}

/**
 * The relying party of a ceremony an OAuth client starts (through its SDK, on
 * its own origin). The RP ID is configured, or the host of the client's first
 * redirect URI, so that by default each client's passkeys belong to its own
 * domain. The accepted origins are configured, or the client's redirect-URI
 * origins plus the issuer's (its hosted page), keeping only those within the
 * RP ID: a browser refuses a ceremony whose RP ID is not the page's host or a
 * parent of it, so any other origin could never answer.
 * Undefined for an unknown client.
 */
export function relyingPartyFor(deps: IssuerDeps, clientId: string): RelyingParty | undefined {
  const client = deps.clients.get(clientId);
  if (!client) return undefined;
  const settings = deps.webauthn;
  const id = settings.rpId ?? new URL(client.redirectUris[0]!).hostname;
  const candidates = settings.origins ?? [
    ...client.redirectUris.map((uri) => new URL(uri).origin),
    new URL(deps.issuer).origin,
  ];
  const origins = [...new Set(candidates)].filter((origin) =>
    hostWithinRpId(new URL(origin).hostname, id),
  );
  return { id, name: settings.rpName, origins, userVerification: settings.userVerification };
}

/**
 * The relying party of the issuer's hosted MFA page for a client's sign-in:
 * the client's, when the issuer's own origin is one of its origins (the
 * issuer is on the RP ID's domain, e.g. auth.example.com for example.com).
 * Undefined otherwise: a passkey made for the app cannot be used on a page of
 * another registrable domain.
 */
export function hostedRelyingParty(deps: IssuerDeps, clientId: string): RelyingParty | undefined {
  const party = relyingPartyFor(deps, clientId);
  const issuerOrigin = new URL(deps.issuer).origin;
  if (!party?.origins.includes(issuerOrigin)) return undefined;
  // On its own page the issuer is the only origin that may answer.
  return { ...party, origins: [issuerOrigin] };
}
