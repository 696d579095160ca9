import { describe, expect, it } from "@jest/globals";
import { MfaRequiredError, StepUpError, TooManyAttemptsError } from "../errors/index.js";
import { createMfaClient } from "./mfa-client.js";

type Call = { url: string; init: RequestInit };

function fakeFetch(status: number, body: unknown, headers: Record<string, string> = {}) {
  const calls: Call[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json", ...headers },
    });
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

describe("createMfaClient", () => {
  it("lists authenticators from the app's route with the context as bearer", async () => {
    const { calls, fetch } = fakeFetch(200, [
      { id: "sms|1", authenticator_type: "oob", type: "sms", oob_channel: "sms", active: true },
    ]);
    const mfa = createMfaClient({ fetch });
    await expect(mfa.getAuthenticators({ mfaToken: "CTX" })).resolves.toEqual([
      { id: "sms|1", authenticatorType: "oob", type: "sms", oobChannel: "sms", active: true },
    ]);
    expect(calls[0]!.url).toBe("/auth/mfa/authenticators");
    // fetch's default credentials mode is same-origin; the client never widens it.
    expect(calls[0]!.init.credentials ?? "same-origin").toBe("same-origin");
    expect(new Headers(calls[0]!.init.headers).get("authorization")).toBe("Bearer CTX");
  });

  it("posts snake_case bodies under a custom base and prefix", async () => {
    const { calls, fetch } = fakeFetch(200, {
      authenticator_type: "otp",
      secret: "S",
      barcode_uri: "otpauth://x",
      recovery_codes: ["R"],
    });
    const mfa = createMfaClient({
      baseUrl: "https://app.example.com/",
      prefix: "/api/auth",
      fetch,
    });
    await expect(mfa.enroll({ mfaToken: "CTX", authenticatorTypes: ["otp"] })).resolves.toEqual({
      authenticatorType: "otp",
      secret: "S",
      barcodeUri: "otpauth://x",
      recoveryCodes: ["R"],
    });
    expect(calls[0]!.url).toBe("https://app.example.com/api/auth/mfa/associate");
    expect(calls[0]!.init.method).toBe("POST");
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ authenticator_types: ["otp"] });
  });

  it("verifies with a recovery code", async () => {
    const { calls, fetch } = fakeFetch(200, { success: true, recovery_codes_remaining: 4 });
    const mfa = createMfaClient({ fetch });
    await expect(mfa.verify({ mfaToken: "CTX", recoveryCode: "R" })).resolves.toEqual({
      success: true,
      recoveryCodesRemaining: 4,
    });
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ recovery_code: "R" });
  });

  it.each([
    [403, { error: "invalid_grant" }, "invalid_grant"],
    [401, { error: "mfa_token_expired" }, "mfa_token_expired"],
    [401, { error: "mfa_token_not_found" }, "mfa_token_not_found"],
    [400, { error: "invalid_request" }, "invalid_request"],
  ])("throws the typed error for %s %j", async (status, body, code) => {
    const mfa = createMfaClient({ fetch: fakeFetch(status, body).fetch });
    const error = (await mfa
      .verify({ mfaToken: "CTX", otp: "1" })
      .catch((e: unknown) => e)) as StepUpError;
    expect(error).toBeInstanceOf(StepUpError);
    expect(error.code).toBe(code);
    expect(error.operation).toBe("verify");
  });

  it("throws TooManyAttemptsError with retryAfter from the header", async () => {
    const mfa = createMfaClient({
      fetch: fakeFetch(429, { error: "too_many_attempts" }, { "retry-after": "30" }).fetch,
    });
    const error = await mfa
      .challenge({ mfaToken: "CTX", challengeType: "otp" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyAttemptsError);
    expect((error as TooManyAttemptsError).retryAfter).toBe(30);
    expect((error as TooManyAttemptsError).operation).toBe("challenge");
  });

  it("turns a transport failure into network_error", async () => {
    const mfa = createMfaClient({
      fetch: (async () => {
        throw new TypeError("offline");
      }) as typeof fetch,
    });
    const error = (await mfa
      .getAuthenticators({ mfaToken: "CTX" })
      .catch((e: unknown) => e)) as StepUpError;
    expect(error.code).toBe("network_error");
  });
});

describe("createMfaClient: session operations and factor enrollment", () => {
  it("deletes by encoded id with the session cookie and no bearer", async () => {
    const calls: Call[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), init: init ?? {} });
      return new Response(null, { status: 204 });
    }) as typeof globalThis.fetch;
    await expect(
      createMfaClient({ fetch }).deleteAuthenticator("totp|a/b"),
    ).resolves.toBeUndefined();
    expect(calls[0]!.url).toBe("/auth/mfa/authenticators/totp%7Ca%2Fb");
    expect(calls[0]!.init.method).toBe("DELETE");
    // fetch's default credentials mode is same-origin; the client never widens it.
    expect(calls[0]!.init.credentials ?? "same-origin").toBe("same-origin");
    expect(new Headers(calls[0]!.init.headers).has("authorization")).toBe(false);
  });

  it("surfaces mfa_required from delete as MfaRequiredError with the sealed context", async () => {
    const { fetch } = fakeFetch(403, {
      error: "mfa_required",
      mfa_token: "SEALED",
      mfa_requirements: { challenge: [{ type: "otp" }] },
    });
    const error = await createMfaClient({ fetch })
      .deleteAuthenticator("email|1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MfaRequiredError);
    expect(error).toMatchObject({ mfaToken: "SEALED", operation: "deleteAuthenticator" });
  });

  it("regenerates recovery codes and reads enrollment factors", async () => {
    const codes = fakeFetch(200, { recovery_codes: ["A", "B"] });
    await expect(
      createMfaClient({ fetch: codes.fetch }).regenerateRecoveryCodes(),
    ).resolves.toEqual({
      recoveryCodes: ["A", "B"],
    });
    expect(codes.calls[0]!.url).toBe("/auth/mfa/recovery-codes");
    expect(codes.calls[0]!.init.method).toBe("POST");

    const factors = fakeFetch(200, { factors: ["otp", "email"] });
    const mfa = createMfaClient({ fetch: factors.fetch });
    await expect(mfa.getEnrollmentFactors({ mfaToken: "CTX" })).resolves.toEqual(["otp", "email"]);
    await mfa.getEnrollmentFactors();
    expect(factors.calls.map((c) => new Headers(c.init.headers).get("authorization"))).toEqual([
      "Bearer CTX",
      null,
    ]);
  });

  it.each([
    // The `factor` form as it is: the server writes Auth0's shape (issuer-enroll-body.ts).
    [{ factor: "otp" as const }, { factor: "otp" }],
    [{ factor: "push" as const }, { factor: "push" }],
    [
      { factor: "email" as const, email: "a@example.com" },
      { factor: "email", email: "a@example.com" },
    ],
    [
      { factor: "sms" as const, phoneNumber: "+15555550100" },
      { factor: "sms", phone_number: "+15555550100" },
    ],
    [
      { authenticatorTypes: ["oob"] as ["oob"], oobChannels: ["email"] as ["email"] },
      { authenticator_types: ["oob"], oob_channels: ["email"] },
    ],
  ])("enrolls %j with the route's associate body", async (options, wire) => {
    const { calls, fetch } = fakeFetch(200, {
      authenticator_type: "oob",
      oob_channel: "email",
      oob_code: "OOB",
      binding_method: "prompt",
    });
    await createMfaClient({ fetch }).enroll({ mfaToken: "CTX", ...options });
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual(wire);
  });
});
