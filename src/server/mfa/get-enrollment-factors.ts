import { codedError } from "../../errors/nextjs-auth0-errors.js";
import type { FactorName, MfaRequirements } from "../../errors/index.js";
import { FACTOR_TYPES, factorTypesOf, type FactorType } from "../../types/factor-type.js";
import type { EnrollmentFactor, WithMfaToken } from "../../types/index.js";
import type { CookieJar } from "../cookies/cookie-jar.js";
import type { Core } from "../core.js";
import { openContext } from "./open-context.js";

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
 * from `grant_types_supported`), for a signed-in user. Names of either
 * vocabulary map to our types (Auth0's `phone` is `sms` and `voice`); a name
 * that maps to none is kept as `{ type: "unknown", name }`.
 * @throws StepUpError `unauthorized`, `mfa_token_invalid|expired|not_found`, `network_error`.
 */
export async function getEnrollmentFactors(
  core: Core,
  jar: CookieJar,
  options?: Partial<WithMfaToken>,
): Promise<EnrollmentFactor[]> {
  if (options?.mfaToken !== undefined) {
    const { context } = await openContext(core, jar, options.mfaToken, "getEnrollmentFactors");
    return enrollmentFactorsOf(
      (context.req as MfaRequirements).enroll?.map((entry) => entry.type) ?? [],
    );
  }
  const session = await core.sessions.read(jar);
  if (!session) throw codedError("unauthorized", undefined, { operation: "getEnrollmentFactors" });
  const server: Record<string, unknown> = await core.oauth.getServer();
  const advertised = server.mfa_factors_supported;
  if (Array.isArray(advertised)) return enrollmentFactorsOf(advertised);
  const grants = Array.isArray(server.grant_types_supported) ? server.grant_types_supported : [];
  const derived = grants.flatMap((grant) =>
    typeof grant === "string" ? (GRANT_FACTORS[grant] ?? []) : [],
  );
  // Auth0 does not list its MFA grants in discovery; TOTP is the one factor every tenant offers.
  return enrollmentFactorsOf(derived.length > 0 ? derived : ["otp"]);
}

/**
 * Each name's factor types, once each, in FACTOR_TYPES order (names neither
 * vocabulary knows last, as `unknown`); recovery codes are handed out with a
 * first factor, never enrolled on their own, so they are left out. Strings
 * only: anything else in an answer is not a name.
 */
export function enrollmentFactorsOf(names: readonly unknown[]): EnrollmentFactor[] {
  const factors: EnrollmentFactor[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    if (typeof name !== "string" || name === "") continue;
    const types = factorTypesOf(name);
    const entries: EnrollmentFactor[] =
      types.length === 0
        ? [{ type: "unknown", name }]
        : types
            .filter((type) => type !== "recovery-code")
            .map((type) => ({ type, name: name as FactorName }));
    for (const entry of entries) {
      const key = `${entry.type}\n${entry.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      factors.push(entry);
    }
  }
  const rank = (entry: EnrollmentFactor) =>
    entry.type === "unknown" ? FACTOR_TYPES.length : FACTOR_TYPES.indexOf(entry.type);
  return factors.sort((a, b) => rank(a) - rank(b));
}
