import { describe, expect, it } from "@jest/globals";
import { MfaRequiredError, StepUpError } from "../../errors/index.js";
import type { Session } from "../session/session.js";
import { createMfaContextCodec } from "./mfa-context.js";

const session = (sid: string, sub = "u1"): Session => ({
  sid,
  user: { sub },
  idToken: "id",
  tokenSets: [],
  createdAt: 0,
  updatedAt: 0,
});

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof StepUpError ? error.code : "other";
  }
}

function setup() {
  const clock = { now: 1_700_000_000_000 };
  const codec = createMfaContextCodec({ secret: "m".repeat(32), ttl: 300, clock: () => clock.now });
  return { codec, clock };
}

describe("MFA context", () => {
  it("seals the raw token bound to the session and opens it", async () => {
    const { codec } = setup();
    const sealed = await codec.seal({
      mfaToken: "raw",
      audience: "https://api",
      scope: "",
      requirements: { challenge: [{ type: "otp" }] },
      session: session("s1"),
    });
    expect(sealed).not.toContain("raw");
    const context = await codec.open(sealed, session("s1"), "verify");
    expect(context).toMatchObject({ mfa_token: "raw", aud: "https://api", sid: "s1", sub: "u1" });
    expect(context.exp - context.iat).toBe(300);
    expect(context.jti).toEqual(expect.any(String));
  });

  it.each([
    ["tampered", "mfa_token_invalid"],
    ["expired", "mfa_token_expired"],
    ["other session", "mfa_token_not_found"],
    ["other user", "mfa_token_not_found"],
  ])("%s → %s", async (scenario, expected) => {
    const { codec, clock } = setup();
    let sealed = await codec.seal({
      mfaToken: "raw",
      audience: "a",
      scope: "",
      requirements: {},
      session: session("s1"),
    });
    let current = session("s1");
    if (scenario === "tampered") sealed = `${sealed.slice(0, -2)}AA`;
    if (scenario === "expired") clock.now += 301_000;
    if (scenario === "other session") current = session("s2");
    if (scenario === "other user") current = session("s1", "u2");
    await expect(codeOf(codec.open(sealed, current, "verify"))).resolves.toBe(expected);
  });

  it("turns the issuer's mfa_required into one carrying a sealed context", async () => {
    const { codec } = setup();
    const raw = new MfaRequiredError("raw", { challenge: [{ type: "otp" }] });
    const error = await codec.toRequiredError(
      raw,
      { audience: "a", scope: "s" },
      session("s1"),
      "getAccessToken",
    );
    expect(error.code).toBe("mfa_required");
    expect(error.audience).toBe("a");
    expect(error.operation).toBe("getAccessToken");
    expect(error.mfaRequirements).toEqual({ challenge: [{ type: "otp" }] });
    const context = await codec.open(error.mfaToken, session("s1"), "verify");
    expect(context).toMatchObject({ mfa_token: "raw", aud: "a", scope: "s" });
  });
});
