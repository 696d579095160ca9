import { describe, expect, it } from "@jest/globals";
import { errorFromJSON, errorFromResponse } from "./from-response.js";
import { MfaRequiredError, StepUpError, TooManyAttemptsError } from "./index.js";

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

describe("errorFromJSON", () => {
  it("is the inverse of toJSON, for every subclass", () => {
    const required = new MfaRequiredError(
      "sealed",
      { challenge: [{ type: "otp" }] },
      {
        audience: "https://api.example.com/payments",
      },
    );
    const back = errorFromJSON(JSON.parse(JSON.stringify(required)));
    expect(back).toBeInstanceOf(MfaRequiredError);
    expect(back).toMatchObject({
      code: "mfa_required",
      status: 403,
      mfaToken: "sealed",
      mfaRequirements: { challenge: [{ type: "otp" }] },
      audience: "https://api.example.com/payments",
    });
    const limited = errorFromJSON(new TooManyAttemptsError(42).toJSON());
    expect(limited).toBeInstanceOf(TooManyAttemptsError);
    expect((limited as TooManyAttemptsError).retryAfter).toBe(42);
    expect(errorFromJSON({ error: "invalid_grant" })).toMatchObject({
      code: "invalid_grant",
      status: 403,
    });
    expect(errorFromJSON({ error: "invalid_grant" }, 400).status).toBe(400);
  });

  it.each([
    ["an unknown code", { error: "teapot" }],
    ["an issuer-only code", { error: "unsupported_response_type" }],
    ["no code", { error_description: "x" }],
    ["null", null],
    ["a string", "mfa_required"],
  ])("turns %s into invalid_response", (_name, body) => {
    expect(errorFromJSON(body)).toMatchObject({ code: "invalid_response", status: 502 });
  });

  it("reads the authenticators the SDK's server sends with mfa_required", () => {
    const error = errorFromJSON({
      error: "mfa_required",
      mfa_token: "sealed",
      authenticators: [
        { id: "totp|1", authenticator_type: "otp", active: true },
        {
          id: "sms|2",
          authenticator_type: "oob",
          oob_channel: "sms",
          name: "+1 ***-***-0142",
          active: true,
          created_at: "2024-01-01T00:00:00Z",
        },
      ],
    }) as MfaRequiredError;
    expect(error.authenticators).toEqual([
      { id: "totp|1", authenticatorType: "otp", type: "otp", active: true },
      {
        id: "sms|2",
        authenticatorType: "oob",
        type: "sms",
        oobChannel: "sms",
        name: "+1 ***-***-0142",
        active: true,
        createdAt: "2024-01-01T00:00:00Z",
      },
    ]);
  });

  it("keeps only well-formed authenticators from hostile input", () => {
    const error = errorFromJSON({
      error: "mfa_required",
      mfa_token: "sealed",
      authenticators: [
        { id: "totp|1", authenticator_type: "otp" },
        { id: 7, authenticator_type: "otp" },
        { id: "x|1", authenticator_type: "<script>" },
        null,
        "totp|2",
      ],
    }) as MfaRequiredError;
    expect(error.authenticators).toEqual([
      { id: "totp|1", authenticatorType: "otp", type: "otp", active: true },
    ]);
    const without = errorFromJSON({ error: "mfa_required", mfa_token: "s", authenticators: "x" });
    expect((without as MfaRequiredError).authenticators).toBeUndefined();
  });
});

describe("errorFromResponse", () => {
  it("reads the JSON body with the status and Retry-After, leaving the response readable", async () => {
    const response = json({ error: "too_many_attempts" }, 429, { "retry-after": "17" });
    const error = await errorFromResponse(response);
    expect(error).toBeInstanceOf(TooManyAttemptsError);
    expect(error).toMatchObject({ code: "too_many_attempts", status: 429, retryAfter: 17 });
    await expect(response.json()).resolves.toEqual({ error: "too_many_attempts" });
  });

  it("reads an RFC 6750 / 9470 challenge when the body says nothing", async () => {
    const challenge = (value: string) =>
      new Response("denied", { status: 401, headers: { "www-authenticate": value } });
    await expect(
      errorFromResponse(
        challenge(
          'Basic realm="x", Bearer error="insufficient_user_authentication", error_description="Too old", max_age="60"',
        ),
      ),
    ).resolves.toMatchObject({
      code: "insufficient_user_authentication",
      status: 401,
      message: "Too old",
    });
    await expect(
      errorFromResponse(challenge('Bearer error="invalid_token"')),
    ).resolves.toMatchObject({ code: "invalid_token" });
  });

  it("answers invalid_response for anything else", async () => {
    for (const response of [
      new Response("<html>502</html>", { status: 502 }),
      new Response(null, { status: 401, headers: { "www-authenticate": 'Bearer realm="x"' } }),
      json({ error: "made_up" }, 400),
    ]) {
      const error = await errorFromResponse(response);
      expect(error).toBeInstanceOf(StepUpError);
      expect(error.code).toBe("invalid_response");
    }
  });
});
