import type { FactorType, MfaRequirements } from "../../errors/index.js";
import { StepUpError } from "../../errors/index.js";
import type { WithMfaToken } from "../../types/index.js";
import type { CookieJar } from "../cookies/cookie-jar.js";
import type { Core } from "../core.js";
import { openContext } from "./open-context.js";

/** Factors a user enrolls (a recovery code is handed out with the first factor, not enrolled). */
const ENROLLABLE: readonly FactorType[] = ["otp", "email", "sms", "webauthn"];

/** The MFA grants (PROTOCOL.md part A) and the factors each one proves. */
const GRANT_FACTORS: Record<string, FactorType[]> = {
  "http://auth0.com/oauth/grant-type/mfa-otp": ["otp"],
  "http://auth0.com/oauth/grant-type/mfa-oob": ["email", "sms"],
  "urn:next-stepup:grant-type:mfa-webauthn": ["webauthn"],
};

/**
 * The factors the user may enroll. With a context: its `mfa_requirements.enroll`
 * (empty when the issuer only allows challenges, since associating with an
 * mfa_token then answers `already_enrolled`). Without one: what the issuer
 * advertises in discovery (`mfa_factors_supported` when present, else derived
 * from `grant_types_supported`), for a signed-in user.
 * @throws StepUpError `unauthorized`, `mfa_token_invalid|expired|mismatch`, `network_error`.
 */
export async function getEnrollmentFactors(
  core: Core,
  jar: CookieJar,
  options?: Partial<WithMfaToken>,
): Promise<FactorType[]> {
  if (options?.mfaToken !== undefined) {
    const { context } = await openContext(core, jar, options.mfaToken, "getEnrollmentFactors");
    return enrollableOf((context.req as MfaRequirements).enroll?.map((entry) => entry.type) ?? []);
  }
  const session = await core.sessions.read(jar);
  if (!session)
    throw new StepUpError("unauthorized", undefined, { operation: "getEnrollmentFactors" });
  const server: Record<string, unknown> = await core.oauth.getServer();
  const advertised = server.mfa_factors_supported;
  if (Array.isArray(advertised)) return enrollableOf(advertised);
  const grants = Array.isArray(server.grant_types_supported) ? server.grant_types_supported : [];
  const derived = grants.flatMap((grant) =>
    typeof grant === "string" ? (GRANT_FACTORS[grant] ?? []) : [],
  );
  // Auth0 does not list its MFA grants in discovery; TOTP is the one factor every tenant offers.
  return derived.length > 0 ? enrollableOf(derived) : ["otp"];
}

/** Known enrollable factors, once each, in a stable order. */
function enrollableOf(values: readonly unknown[]): FactorType[] {
  return ENROLLABLE.filter((factor) => values.includes(factor));
}
