import { describe, expect, it } from "@jest/globals";
import type { IssuerDeps } from "../../deps.js";
import type { IssuerApi } from "../../options.js";
import type { PendingAuthorization } from "../../store/authorization-requests.js";
import { ACR } from "../policy.js";
import { mfaRequirement, mfaSatisfied } from "./requirement.js";

const apis: IssuerApi[] = [
  { audience: "strict", requireMfa: true, maxAge: 300 },
  { audience: "mfa-any-age", requireMfa: true },
  { audience: "open" },
];
const deps = { apis: new Map(apis.map((api) => [api.audience, api])) } as unknown as IssuerDeps;
const base: PendingAuthorization = {
  clientId: "c",
  redirectUri: "http://app.test/cb",
  scope: "openid",
  codeChallenge: "x",
};

describe("mfaRequirement", () => {
  it.each([
    ["nothing", {}, { required: false }],
    ["max_age alone (re-asks the password only)", { maxAge: 60 }, { required: false }],
    ["an open audience", { audience: "open" }, { required: false }],
    ["acr_values with the PAPE URI", { acrValues: `urn:x ${ACR.mfa}` }, { required: true }],
    ["acr_values without it", { acrValues: "urn:x" }, { required: false }],
    ["a requireMfa audience", { audience: "mfa-any-age" }, { required: true }],
    ["its maxAge", { audience: "strict" }, { required: true, maxAge: 300 }],
    ["the tighter max_age", { audience: "strict", maxAge: 60 }, { required: true, maxAge: 60 }],
    ["the tighter policy", { audience: "strict", maxAge: 900 }, { required: true, maxAge: 300 }],
    ["acr with max_age", { acrValues: ACR.mfa, maxAge: 10 }, { required: true, maxAge: 10 }],
  ])("for %s", (_name, extra, expected) => {
    expect(mfaRequirement({ ...base, ...extra }, deps)).toEqual(expected);
  });
});

describe("mfaSatisfied", () => {
  it.each([
    [{ required: false }, null, true],
    [{ required: true }, null, false],
    [{ required: true }, 0, true],
    [{ required: true, maxAge: 300 }, 1_000_000 - 300_000, true],
    [{ required: true, maxAge: 300 }, 1_000_000 - 300_001, false],
  ])("%j with last MFA %p → %p", (requirement, lastMfaAt, expected) => {
    expect(mfaSatisfied(requirement, lastMfaAt, 1_000_000)).toBe(expected);
  });
});
