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
        { id: "totp|1", authenticator_type: "otp", type: "otp", active: true },
        {
          id: "sms|2",
          authenticator_type: "oob",
          type: "sms",
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
        { id: "totp|1", authenticator_type: "otp", type: "otp" },
        { id: 7, authenticator_type: "otp", type: "otp" },
        { id: "x|1", authenticator_type: "<script>", type: "<script>", active: "yes" },
        { id: "sms|1", authenticator_type: "oob", type: "constructor", active: false },
        { id: "totp|3", authenticator_type: "otp" },
        null,
        "totp|2",
      ],
    }) as MfaRequiredError;
    // A type that is not one of our factors is kept (never trusted as a factor): "unknown".
    expect(error.authenticators).toEqual([
      { id: "totp|1", authenticatorType: "otp", type: "otp", active: true },
      { id: "x|1", authenticatorType: "<script>", type: "unknown", active: true },
      { id: "sms|1", authenticatorType: "oob", type: "unknown", active: false },
      { id: "totp|3", authenticatorType: "otp", type: "unknown", active: true },
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
      json({ error: "made_up" }, 500),
    ]) {
      const error = await errorFromResponse(response);
      expect(error).toBeInstanceOf(StepUpError);
      expect(error.code).toBe("invalid_response");
      expect(error.status).toBe(502);
    }
  });

  it.each([400, 401, 403, 404, 409, 422])(
    "keeps the %p of an unknown 4xx code as unknown_error, the issuer's body as cause",
    async (status) => {
      const error = await errorFromResponse(
        json({ error: "invalid_authenticator_id", error_description: "no such one" }, status),
      );
      expect(error).toMatchObject({ code: "unknown_error", status });
      expect(error.cause).toEqual({
        error: "invalid_authenticator_id",
        error_description: "no such one",
      });
    },
  );

  it.each([
    ["association_required", 400],
    ["authorization_pending", 400],
    ["slow_down", 400],
    ["expired_token", 401],
  ] as const)("reads Auth0's %p as its own code", async (code, status) => {
    const error = await errorFromResponse(json({ error: code }, status));
    expect(error).toMatchObject({ code, status });
  });

  it("reads too_many_requests as a TooManyAttemptsError keeping its code", async () => {
    const error = await errorFromResponse(
      json({ error: "too_many_requests" }, 429, { "retry-after": "9" }),
    );
    expect(error).toBeInstanceOf(TooManyAttemptsError);
    expect(error).toMatchObject({ code: "too_many_requests", status: 429, retryAfter: 9 });
    expect(error.toResponse().headers.get("retry-after")).toBe("9");
  });
});
