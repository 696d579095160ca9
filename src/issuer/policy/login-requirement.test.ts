import { describe, expect, it } from "@jest/globals";
import type { FactorType } from "../../types/factor-type.js";
import { loginMfaRequirement, type LoginRequirementOptions } from "./login-requirement.js";

const DAY = 24 * 3600 * 1000;
const created = Date.UTC(2026, 0, 1);
const required: LoginRequirementOptions = {
  mfaEnforcement: "required",
  mfaGracePeriodDays: 7,
  enforcementStartedAt: null,
};

describe("loginMfaRequirement", () => {
  const cases: Array<{
    name: string;
    options: LoginRequirementOptions;
    factors: FactorType[];
    exempt: boolean;
    at: number;
    expected: string;
  }> = [
    {
      name: "optional, no factor",
      options: { ...required, mfaEnforcement: "optional" },
      factors: [],
      exempt: false,
      at: created + 30 * DAY,
      expected: "none",
    },
    {
      name: "optional, with a factor",
      options: { ...required, mfaEnforcement: "optional" },
      factors: ["otp"],
      exempt: false,
      at: created,
      expected: "none",
    },
    {
      name: "required, factor enrolled",
      options: required,
      factors: ["otp"],
      exempt: false,
      at: created,
      expected: "challenge",
    },
    {
      name: "required, no factor, inside grace",
      options: required,
      factors: [],
      exempt: false,
      at: created + 7 * DAY - 1,
      expected: "none",
    },
    {
      name: "required, no factor, grace over",
      options: required,
      factors: [],
      exempt: false,
      at: created + 7 * DAY,
      expected: "enroll",
    },
    {
      name: "required, no grace",
      options: { ...required, mfaGracePeriodDays: 0 },
      factors: [],
      exempt: false,
      at: created,
      expected: "enroll",
    },
    {
      name: "required, exempt without factor",
      options: required,
      factors: [],
      exempt: true,
      at: created + 30 * DAY,
      expected: "none",
    },
    {
      name: "required, exempt with factor",
      options: required,
      factors: ["otp"],
      exempt: true,
      at: created,
      expected: "none",
    },
    {
      name: "grace counts from enforcement start for older users",
      options: { ...required, enforcementStartedAt: created + 100 * DAY },
      factors: [],
      exempt: false,
      at: created + 106 * DAY,
      expected: "none",
    },
    {
      name: "grace from enforcement start ends too",
      options: { ...required, enforcementStartedAt: created + 100 * DAY },
      factors: [],
      exempt: false,
      at: created + 107 * DAY,
      expected: "enroll",
    },
  ];
  it.each(cases)("$name → $expected", ({ options, factors, exempt, at, expected }) => {
    const exemption = exempt ? { reason: "hardware token on order" } : null;
    expect(loginMfaRequirement({ createdAt: created }, factors, exemption, options, at)).toBe(
      expected,
    );
  });
});
