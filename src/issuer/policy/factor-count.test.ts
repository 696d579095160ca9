import { describe, expect, it } from "@jest/globals";
import type { IssuerApi } from "../options.js";
import {
  countableFactors,
  distinctFactorsUsed,
  furtherFactorRequirements,
  missingFactorCount,
} from "./factor-count.js";

const two: IssuerApi = { audience: "https://a", requireMfa: true, mfaFactorCount: 2 };

describe("countableFactors", () => {
  it("never counts a recovery code, nor a factor the issuer does not run", () => {
    // In FACTOR_TYPES order (the audience's own list when it has one).
    expect(countableFactors(two)).toEqual(["otp", "email", "sms", "push", "webauthn"]);
    expect(countableFactors({ ...two, factors: ["recovery-code", "sms", "otp"] })).toEqual([
      "sms",
      "otp",
    ]);
  });
});

describe("distinctFactorsUsed / missingFactorCount", () => {
  it("maps amr values to factors, ignoring rcode and pwd", () => {
    expect(distinctFactorsUsed(two, ["pwd", "mfa", "otp", "rcode", "sms"])).toEqual(["otp", "sms"]);
  });

  it("counts only the audience's factors", () => {
    const api = { ...two, factors: ["otp" as const, "email" as const] };
    expect(distinctFactorsUsed(api, ["mfa", "otp", "sms"])).toEqual(["otp"]);
    expect(missingFactorCount(api, ["mfa", "otp", "sms"])).toBe(1);
  });

  it.each([
    [["pwd"], 2],
    [["pwd", "mfa", "otp"], 1],
    [["pwd", "mfa", "rcode"], 2],
    [["pwd", "mfa", "otp", "rcode"], 1],
    [["pwd", "mfa", "otp", "email"], 0],
    [["pwd", "mfa", "otp", "email", "sms"], 0],
    [["pwd", "mfa", "hwk"], 1],
    [["pwd", "mfa", "swk", "otp"], 0],
  ])("count 2 with amr %j misses %i", (amr, missing) => {
    expect(missingFactorCount(two, amr)).toBe(missing);
  });

  it("asks nothing extra with the default count or no audience", () => {
    expect(missingFactorCount({ audience: "https://a", requireMfa: true }, ["pwd"])).toBe(0);
    expect(missingFactorCount({ ...two, mfaFactorCount: 1 }, ["pwd"])).toBe(0);
    expect(missingFactorCount(undefined, [])).toBe(0);
  });
});

describe("furtherFactorRequirements", () => {
  const user = {
    challenge: [
      { type: "otp" as const },
      { type: "email" as const },
      { type: "recovery-code" as const },
    ],
  };

  it("challenges the user's other countable factors", () => {
    expect(furtherFactorRequirements(user, two, ["otp"])).toEqual({
      challenge: [{ type: "email" }],
    });
    expect(furtherFactorRequirements(user, two, ["email"])).toEqual({
      challenge: [{ type: "otp" }],
    });
  });

  it("offers enrollable factors the user lacks when every factor was used", () => {
    expect(furtherFactorRequirements(user, two, ["otp", "email"])).toEqual({
      enroll: [{ type: "sms" }, { type: "webauthn" }, { type: "push" }],
    });
    const onlyOtp = { challenge: [{ type: "otp" as const }, { type: "recovery-code" as const }] };
    expect(furtherFactorRequirements(onlyOtp, two, ["otp"])).toEqual({
      enroll: [{ type: "email" }, { type: "sms" }, { type: "webauthn" }, { type: "push" }],
    });
  });

  it("keeps to the audience's factors", () => {
    const api = { ...two, factors: ["otp" as const, "sms" as const] };
    const onlyOtp = { challenge: [{ type: "otp" as const }] };
    expect(furtherFactorRequirements(onlyOtp, api, ["otp"])).toEqual({
      enroll: [{ type: "sms" }],
    });
  });
});
