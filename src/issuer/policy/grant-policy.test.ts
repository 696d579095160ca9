import { describe, expect, it } from "@jest/globals";
import type { IssuerApi } from "../options.js";
import { audienceShortfall, lastAcceptedMfaAt, type GrantAuthentication } from "./grant-policy.js";

const NOW = 10_000_000;
const api = (extra: Partial<IssuerApi> = {}): IssuerApi => ({
  audience: "https://api",
  requireMfa: true,
  maxAge: 300,
  ...extra,
});
const auth = (
  amr: string[],
  lastMfaAt: number | null,
  mfaTimes: Record<string, number> | null,
): GrantAuthentication => ({ amr, lastMfaAt, mfaTimes });

describe("lastAcceptedMfaAt", () => {
  it.each([
    ["no MFA", auth(["pwd"], null, {}), undefined, null],
    ["any factor, no restriction", auth(["pwd", "mfa", "otp"], 5, { otp: 5 }), undefined, 5],
    ["only TOTP, email-only API", auth(["pwd", "mfa", "otp"], 5, { otp: 5 }), ["email"], null],
    [
      "email long ago, TOTP just now: the email time counts",
      auth(["pwd", "mfa", "email", "otp"], 9, { email: 1, otp: 9 }),
      ["email"],
      1,
    ],
    ["a recovery code", auth(["pwd", "mfa", "rcode"], 7, { rcode: 7 }), ["recovery-code"], 7],
    ["webauthn, not registered", auth(["pwd", "mfa", "otp"], 5, { otp: 5 }), ["webauthn"], null],
    ["a family from before times were kept", auth(["pwd", "mfa", "email"], 8, null), ["email"], 8],
  ] as const)("%s", (_name, value, factors, expected) => {
    const policy = factors ? api({ factors: [...factors] }) : api();
    expect(lastAcceptedMfaAt(policy, value)).toBe(expected);
  });
});

describe("audienceShortfall", () => {
  const fresh = auth(["pwd", "mfa", "otp"], NOW - 1_000, { otp: NOW - 1_000 });
  it.each([
    ["no API, no max_age", undefined, auth(["pwd"], null, {}), undefined, undefined],
    ["requireMfa without MFA", api(), auth(["pwd"], null, {}), undefined, "audience"],
    ["requireMfa with a fresh MFA", api(), fresh, undefined, undefined],
    ["an MFA older than maxAge", api(), auth(["mfa", "otp"], 0, { otp: 0 }), undefined, "audience"],
    ["a request max_age tighter than the MFA", api(), fresh, 0, "audience"],
    ["a factor the API does not accept", api({ factors: ["sms"] }), fresh, undefined, "audience"],
    [
      "two distinct factors wanted, one used",
      api({ mfaFactorCount: 2 }),
      fresh,
      undefined,
      "factor_count",
    ],
  ] as const)("%s", (_name, policy, value, maxAge, expected) => {
    expect(audienceShortfall(policy, value, maxAge, NOW)).toBe(expected);
  });
});
