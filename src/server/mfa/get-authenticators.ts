import { authenticatorFromIssuer, type IssuerAuthenticator } from "./issuer-authenticator.js";
import type { Authenticator, WithMfaToken } from "../../types/index.js";
import type { CookieJar } from "../cookies/cookie-jar.js";
import type { Core } from "../core.js";
import { issuerRequest } from "./issuer-request.js";
import { getMfaApiToken } from "./mfa-api-token.js";
import { openContext } from "./open-context.js";

/**
 * `GET /mfa/authenticators`. With a step-up context, its raw mfa_token is the
 * bearer; without one (a security-settings page), an MFA API token with
 * `read:authenticators` taken for the session, which steps up when the
 * issuer wants a fresh MFA.
 * @throws MfaRequiredError (no context, MFA too old), StepUpError `unauthorized`, the issuer's codes
 */
export async function getAuthenticators(
  core: Core,
  jar: CookieJar,
  options?: Partial<WithMfaToken>,
): Promise<Authenticator[]> {
  const bearer =
    options?.mfaToken === undefined
      ? await getMfaApiToken(core, jar, "getAuthenticators")
      : (await openContext(core, jar, options.mfaToken, "getAuthenticators")).context.mfa_token;
  return listIssuerAuthenticators(core, bearer);
}

/**
 * The issuer's `GET /mfa/authenticators` with `bearer` (a raw mfa_token or an
 * MFA API access token). Every entry is kept: `type` is derived from
 * authenticator_type (+ oob_channel, else the id's prefix), never used as a
 * filter, so an entry missing an optional field, or of a type neither
 * vocabulary knows (`type: "unknown"`), is not lost.
 * @throws the issuer's codes, `network_error`, `invalid_response`
 */
export async function listIssuerAuthenticators(
  core: Core,
  bearer: string,
): Promise<Authenticator[]> {
  const list = await issuerRequest<IssuerAuthenticator[]>(
    core,
    "/mfa/authenticators",
    {
      method: "GET",
      headers: { authorization: `Bearer ${bearer}`, accept: "application/json" },
    },
    "getAuthenticators",
  );
  return (Array.isArray(list) ? list : []).map(authenticatorFromIssuer);
}
