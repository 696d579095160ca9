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
  const stepUp = (mfaToken: string | null | undefined) => ({ kind: "step-up", mfaToken }) as const;

  it("keys a step-up on its context, and does not fetch before it is known", () => {
    expect(authenticatorsKey(stepUp(undefined))).toBeNull();
    expect(authenticatorsKey(stepUp(null))).toBeNull();
    expect(authenticatorsKey(stepUp(""))).toBeNull();
    expect(authenticatorsKey(stepUp("CTX1"))).toEqual([
      "next-stepup/authenticators",
      "/auth",
      "CTX1",
    ]);
    expect(authenticatorsKey(stepUp("CTX1"))).not.toEqual(authenticatorsKey(stepUp("CTX2")));
    expect(authenticatorsKey(stepUp("CTX1"), { prefix: "/api/auth" })?.[1]).toBe("/api/auth");
  });

  it("keys the session's own list apart from any step-up's", () => {
    expect(authenticatorsKey({ kind: "session" })).toEqual(["next-stepup/authenticators", "/auth"]);
    expect(authenticatorsKey({ kind: "session" }, { baseUrl: "https://a.example/" })).toEqual([
      "next-stepup/authenticators",
      "https://a.example/auth",
    ]);
  });

  it("lists through the MFA API with the context as bearer", async () => {
    const { fetch, urls } = answering(200, [
      { id: "totp|1", authenticator_type: "otp", type: "otp", active: true },
    ]);
    const calls: Array<string | null> = [];
    const api = createMfaClient({
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        calls.push(new Headers(init?.headers).get("authorization"));
        return fetch(input, init);
      }) as typeof globalThis.fetch,
    });
    const key = authenticatorsKey(stepUp("CTX"))!;
    await expect(fetchAuthenticators(api, key)).resolves.toEqual([
      { id: "totp|1", authenticatorType: "otp", type: "otp", active: true },
    ]);
    // The session's own list: the same route, no bearer (the cookie is the credential).
    await fetchAuthenticators(api, authenticatorsKey({ kind: "session" })!);
    expect(urls).toEqual(["/auth/mfa/authenticators", "/auth/mfa/authenticators"]);
    expect(calls).toEqual(["Bearer CTX", null]);
  });

  it("throws an expired context as mfa_token_expired, a stale session as mfa_required", async () => {
    const expired = createMfaClient({
      fetch: answering(401, { error: "mfa_token_expired" }).fetch,
    });
    await expect(
      fetchAuthenticators(expired, authenticatorsKey(stepUp("CTX"))!),
    ).rejects.toMatchObject({
      code: "mfa_token_expired",
      operation: "getAuthenticators",
    });
    const stale = createMfaClient({
      fetch: answering(403, {
        error: "mfa_required",
        mfa_token: "SEALED",
        mfa_requirements: { challenge: [{ type: "otp" }] },
        authenticators: [{ id: "totp|1", authenticator_type: "otp", active: true }],
      }).fetch,
    });
    await expect(
      fetchAuthenticators(stale, authenticatorsKey({ kind: "session" })!),
    ).rejects.toMatchObject({ code: "mfa_required", mfaToken: "SEALED" });
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
