import type { IssuerApi } from "../options.js";

/** Scopes any client may ask at login (OIDC Core §5.4 plus offline_access for refresh tokens). */
export const OIDC_SCOPES = ["openid", "profile", "email", "offline_access"] as const;

export function splitScope(scope: string | undefined): string[] {
  return scope ? [...new Set(scope.split(" ").filter(Boolean))] : [];
}

/** The scopes allowed for an audience: the OIDC ones plus the API's own. */
export function allowedScopes(api: IssuerApi | undefined): Set<string> {
  return new Set<string>([...OIDC_SCOPES, ...(api?.scopes ?? [])]);
}

/** Only the OIDC part of a scope string. */
export function oidcPart(scope: string): string {
  const oidc = new Set<string>(OIDC_SCOPES);
  return splitScope(scope)
    .filter((value) => oidc.has(value))
    .join(" ");
}
