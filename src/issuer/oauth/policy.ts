/** `acr` values (OIDC Core §2): multi-factor per the PAPE URI Auth0 also uses. */
export const ACR = {
  mfa: "http://schemas.openid.net/pape/policies/2007/06/multi-factor",
  password: "urn:next-stepup:acr:pwd",
} as const;

export function acrFor(amr: string[]): string {
  return amr.includes("mfa") ? ACR.mfa : ACR.password;
}
