import { describe, expect, it } from "@jest/globals";
import { FACTOR_TYPES } from "../../types/factor-type.js";
import {
  enrollableFactorNames,
  factorForAssociate,
  factorForChallenge,
  factorGrants,
  factorUsed,
  listFactors,
  parseAuthenticatorId,
} from "./registry.js";

describe("factor registry", () => {
  it("registers each factor once, under a name of FACTOR_TYPES", () => {
    const names = listFactors().map((factor) => factor.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(FACTOR_TYPES).toContain(name);
    expect(names).toEqual(["otp", "email", "sms", "webauthn", "push", "recovery-code"]);
  });

  it("keeps amr values and id prefixes unambiguous across factors", () => {
    const amr = listFactors().flatMap((factor) => factor.amr);
    expect(new Set(amr).size).toBe(amr.length);
    expect(amr).not.toContain("mfa");
    const prefixes = listFactors().map((factor) => factor.idPrefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it("offers every factor but recovery codes for enrollment; push only in devMode", () => {
    expect(enrollableFactorNames()).toEqual(["otp", "email", "sms", "webauthn", "push"]);
    expect(enrollableFactorNames(false)).toEqual(["otp", "email", "sms", "webauthn"]);
  });

  it.each([
    ["totp|abc", "otp", "abc"],
    ["email|k", "email", "k"],
    ["recovery-code|a|b", "recovery-code", "a|b"],
    ["webauthn|k1", "webauthn", "k1"],
  ])("parses %p", (input, name, key) => {
    const parsed = parseAuthenticatorId(input);
    expect([parsed?.factor.name, parsed?.key]).toEqual([name, key]);
  });

  it.each(["|abc", "totp|", "totp", "otp|abc", "passkey|abc", "__proto__|x", ""])(
    "refuses %p",
    (input) => {
      expect(parseAuthenticatorId(input)).toBeUndefined();
    },
  );

  it("dispatches associate, challenge and grant types to their factor", () => {
    expect(factorForAssociate("otp")?.name).toBe("otp");
    expect(factorForAssociate("oob")?.associate?.authenticatorType).toBe("oob");
    expect(factorForAssociate("webauthn")?.name).toBe("webauthn");
    expect(factorForChallenge("webauthn")?.name).toBe("webauthn");
    expect(factorForAssociate("recovery-code")).toBeUndefined();
    expect(factorForChallenge("oob")?.challenge?.challengeType).toBe("oob");
    expect(factorForChallenge("recovery-code")).toBeUndefined();
    expect(Object.keys(factorGrants()).sort()).toEqual([
      "http://auth0.com/oauth/grant-type/mfa-oob",
      "http://auth0.com/oauth/grant-type/mfa-otp",
      "http://auth0.com/oauth/grant-type/mfa-recovery-code",
      "urn:next-stepup:grant-type:mfa-webauthn",
    ]);
  });

  it("reads the use of a factor from amr; an unknown name never counts", () => {
    expect(factorUsed("otp", ["pwd", "mfa", "otp"])).toBe(true);
    expect(factorUsed("sms", ["pwd", "mfa", "otp"])).toBe(false);
    expect(factorUsed("recovery-code", ["rcode"])).toBe(true);
    // A passkey shows as RFC 8176's hwk or swk, never as its factor name.
    expect(factorUsed("webauthn", ["mfa", "hwk"])).toBe(true);
    expect(factorUsed("webauthn", ["mfa", "swk"])).toBe(true);
    expect(factorUsed("webauthn", ["webauthn"])).toBe(false);
    expect(factorUsed("passkey", ["hwk"])).toBe(false);
  });
});
