import { describe, expect, it } from "@jest/globals";
import { createTestCore, signIn } from "../../test/fakes/sign-in.js";
import { MfaRequiredError, StepUpError } from "../errors/index.js";
import { getAccessToken, normalizeScope } from "./access-token.js";
import { createCookieJar } from "./cookies/cookie-jar.js";

const API = "https://api.example.com/orders";

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof StepUpError ? error.code : "other";
  }
}

describe("getAccessToken", () => {
  it("refreshes once, then serves the cached token without a network call", async () => {
    const { core, fake } = createTestCore();
    const { jar } = await signIn(core, fake);
    const first = await getAccessToken(core, jar, { audience: API });
    expect(first.audience).toBe(API);
    const tokenCalls = () => fake.requests.filter((r) => r.url.endsWith("/oauth/token")).length;
    const before = tokenCalls();
    const second = await getAccessToken(core, jar, { audience: API });
    expect(second.token).toBe(first.token);
    expect(tokenCalls()).toBe(before);
    const forced = await getAccessToken(core, jar, { audience: API, refresh: true });
    expect(forced.token).not.toBe(first.token);
    expect(tokenCalls()).toBe(before + 1);
  });

  it("sends audience and scope and keeps the rotated refresh token", async () => {
    const { core, fake } = createTestCore();
    const { jar } = await signIn(core, fake);
    await getAccessToken(core, jar, { audience: API, scope: "b a" });
    const refresh = fake.requests.filter((r) => r.body.includes("grant_type=refresh_token"));
    const form = new URLSearchParams(refresh.at(-1)!.body);
    expect(form.get("audience")).toBe(API);
    expect(form.get("scope")).toBe("a b");
    // The fake revokes used refresh tokens: a second refresh only works with the rotated one.
    await expect(
      getAccessToken(core, jar, { audience: API, refresh: true }),
    ).resolves.toBeDefined();
  });

  it("refreshes a token inside the 30 s expiry margin", async () => {
    const { core, fake, clock } = createTestCore();
    const { jar } = await signIn(core, fake);
    const first = await getAccessToken(core, jar, { audience: API });
    clock.advance(600 - 29);
    const second = await getAccessToken(core, jar, { audience: API });
    expect(second.token).not.toBe(first.token);
  });

  it("throws MfaRequiredError with a sealed context for a step-up audience", async () => {
    const { core, fake } = createTestCore();
    fake.mfaAudiences.add(API);
    const { jar } = await signIn(core, fake);
    const error = await getAccessToken(core, jar, { audience: API }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MfaRequiredError);
    const mfa = error as MfaRequiredError;
    expect(mfa.audience).toBe(API);
    expect(mfa.mfaToken.split(".")).toHaveLength(5);
    expect(mfa.mfaToken).not.toMatch(/^mfa-/);
    expect(mfa.toJSON()).toMatchObject({ error: "mfa_required", audience: API });
  });

  it.each([
    [403, { error: "invalid_grant" }, {}, "invalid_grant"],
    [429, { error: "too_many_attempts" }, { "retry-after": "17" }, "too_many_attempts"],
    [500, "nonsense", {}, "invalid_response"],
  ])("maps an issuer %s answer to %s", async (status, body, headers, expected) => {
    const { core, fake } = createTestCore();
    const { jar } = await signIn(core, fake);
    fake.nextTokenAnswer = { status, body, headers };
    const error = await getAccessToken(core, jar, { audience: API }).catch((e: unknown) => e);
    expect((error as StepUpError).code).toBe(expected);
    if (expected === "too_many_attempts") {
      expect((error as StepUpError).toResponse().headers.get("retry-after")).toBe("17");
    }
  });

  it("answers unauthorized without a session", async () => {
    const { core } = createTestCore();
    await expect(codeOf(getAccessToken(core, createCookieJar(), { audience: API }))).resolves.toBe(
      "unauthorized",
    );
  });

  it("normalises scopes into one key", () => {
    expect(normalizeScope(" b  a ")).toBe("a b");
    expect(normalizeScope(undefined)).toBe("");
  });
});
