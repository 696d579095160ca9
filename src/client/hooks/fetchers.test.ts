import { describe, expect, it } from "@jest/globals";
import { StepUpError } from "../../errors/index.js";
import { createMfaClient } from "../mfa-client.js";
import { authenticatorsKey, fetchAuthenticators } from "./authenticators-fetcher.js";
import { shouldRetry } from "./should-retry.js";
import { fetchUser, userKey } from "./user-fetcher.js";

function answering(status: number, body: unknown) {
  const urls: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    urls.push(String(input));
    return new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json" },
    });
  }) as typeof globalThis.fetch;
  return { fetch, urls };
}

describe("useUser's key and fetcher", () => {
  it("keys on the profile URL under the prefix", () => {
    expect(userKey()).toEqual(["next-stepup/user", "/auth/profile"]);
    expect(userKey({ baseUrl: "https://app.example.com/", prefix: "/api/auth" })).toEqual([
      "next-stepup/user",
      "https://app.example.com/api/auth/profile",
    ]);
  });

  it("returns the user's claims", async () => {
    const { fetch, urls } = answering(200, { sub: "u1", email: "a@example.com" });
    await expect(fetchUser("/auth/profile", { fetch })).resolves.toEqual({
      sub: "u1",
      email: "a@example.com",
    });
    expect(urls).toEqual(["/auth/profile"]);
  });

  it("returns null when signed out (401 unauthorized is not an error)", async () => {
    const { fetch } = answering(401, { error: "unauthorized" });
    await expect(fetchUser("/auth/profile", { fetch })).resolves.toBeNull();
  });

  it("throws other failures as coded errors", async () => {
    const { fetch } = answering(500, { error: "server_error" });
    const error = (await fetchUser("/auth/profile", { fetch }).catch((e: unknown) => e)) as
      StepUpError | undefined;
    expect(error?.code).toBe("server_error");
    const offline = (async () => {
      throw new TypeError("offline");
    }) as typeof globalThis.fetch;
    await expect(fetchUser("/auth/profile", { fetch: offline })).rejects.toMatchObject({
      code: "network_error",
    });
  });
});

describe("useAuthenticators' key and fetcher", () => {
  it("does not fetch without a context, and keys on the context", () => {
    expect(authenticatorsKey(undefined)).toBeNull();
    expect(authenticatorsKey(null)).toBeNull();
    expect(authenticatorsKey("")).toBeNull();
    expect(authenticatorsKey("CTX1")).toEqual(["next-stepup/authenticators", "/auth", "CTX1"]);
    expect(authenticatorsKey("CTX1")).not.toEqual(authenticatorsKey("CTX2"));
    expect(authenticatorsKey("CTX1", { prefix: "/api/auth" })?.[1]).toBe("/api/auth");
  });

  it("lists through the MFA API with the context as bearer", async () => {
    const { fetch, urls } = answering(200, [
      { id: "totp|1", authenticator_type: "otp", active: true },
    ]);
    const api = createMfaClient({ fetch });
    await expect(fetchAuthenticators(api, "CTX")).resolves.toEqual([
      { id: "totp|1", authenticatorType: "otp", type: "otp", active: true },
    ]);
    expect(urls).toEqual(["/auth/mfa/authenticators"]);
  });

  it("throws an expired context as mfa_token_expired", async () => {
    const api = createMfaClient({ fetch: answering(401, { error: "mfa_token_expired" }).fetch });
    await expect(fetchAuthenticators(api, "CTX")).rejects.toMatchObject({
      code: "mfa_token_expired",
      operation: "getAuthenticators",
    });
  });
});

describe("shouldRetry", () => {
  it.each([
    ["mfa_token_expired", new StepUpError("mfa_token_expired"), false],
    ["unauthorized", new StepUpError("unauthorized"), false],
    ["too_many_attempts", new StepUpError("too_many_attempts"), false],
    ["network_error", new StepUpError("network_error"), true],
    ["server_error", new StepUpError("server_error"), true],
    ["a plain Error", new Error("anything else"), true],
  ])("%s → %s", (_name, error, expected) => {
    expect(shouldRetry(error)).toBe(expected);
  });
});
