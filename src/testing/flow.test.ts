import { afterEach, describe, expect, it } from "@jest/globals";
import { decodeJwt } from "jose";
import { generateTotp, signInForTokens, startTestIssuer, type TestIssuer } from "./index.js";

let t: TestIssuer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function token(testIssuer: TestIssuer, params: Record<string, string>) {
  const response = await testIssuer.fetch(`${testIssuer.url}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      client_id: testIssuer.clientId,
      client_secret: testIssuer.clientSecret,
      ...params,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function mfa(testIssuer: TestIssuer, path: string, mfaToken: string, body?: unknown) {
  const response = await testIssuer.fetch(`${testIssuer.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${mfaToken}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & unknown[],
  };
}

describe("step-up through the test issuer", () => {
  it("enrolls TOTP, verifies, then steps up again with the factor and a recovery code", async () => {
    t = await startTestIssuer();
    const login = await signInForTokens(t);
    expect(login.refresh_token).toEqual(expect.any(String));
    expect(decodeJwt(login.access_token).amr).toEqual(["pwd"]);

    const denied = await token(t, {
      grant_type: "refresh_token",
      refresh_token: login.refresh_token!,
      audience: t.audience,
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe("mfa_required");
    expect(denied.body.mfa_requirements).toEqual({
      enroll: [
        { type: "otp" },
        { type: "email" },
        { type: "sms" },
        { type: "webauthn" },
        { type: "push" },
      ],
    });
    const mfaToken = denied.body.mfa_token as string;

    const enrolled = await mfa(t, "/mfa/associate", mfaToken, { authenticator_types: ["otp"] });
    expect(enrolled.status).toBe(200);
    expect(enrolled.body.barcode_uri).toMatch(/^otpauth:\/\/totp\//);
    const codes = enrolled.body.recovery_codes as unknown as string[];
    expect(codes).toHaveLength(10);

    const verified = await token(t, {
      grant_type: "http://auth0.com/oauth/grant-type/mfa-otp",
      mfa_token: mfaToken,
      otp: await generateTotp(enrolled.body.secret as unknown as string, t.clock.now()),
    });
    expect(verified.status).toBe(200);
    const claims = decodeJwt(verified.body.access_token as string);
    expect(claims.aud).toBe(t.audience);
    expect(claims.amr).toEqual(expect.arrayContaining(["pwd", "mfa", "otp"]));
    expect(verified.body.scope).toBe("payments:write");

    // Fresh MFA: the refresh grant for the API now succeeds.
    const ok = await token(t, {
      grant_type: "refresh_token",
      refresh_token: verified.body.refresh_token as string,
      audience: t.audience,
    });
    expect(ok.status).toBe(200);

    // Stale MFA: step up again, this time with a challenge.
    t.clock.advance(301);
    const again = await token(t, {
      grant_type: "refresh_token",
      refresh_token: ok.body.refresh_token as string,
      audience: t.audience,
    });
    expect(again.body.error).toBe("mfa_required");
    expect(again.body.mfa_requirements).toEqual({
      challenge: [{ type: "otp" }, { type: "recovery-code" }],
    });
    const list = await mfa(t, "/mfa/authenticators", again.body.mfa_token as string);
    const authenticators = list.body as unknown as Array<{ authenticator_type: string }>;
    expect(authenticators.map((a) => a.authenticator_type)).toEqual(["otp", "recovery-code"]);

    const recovered = await token(t, {
      grant_type: "http://auth0.com/oauth/grant-type/mfa-recovery-code",
      mfa_token: again.body.mfa_token as string,
      recovery_code: codes[0]!.toLowerCase().replace(/-/g, " "),
    });
    expect(recovered.status).toBe(200);
    expect(recovered.body.recovery_codes_remaining).toBe(10); // the used one was replaced
    expect(recovered.body.recovery_code).toEqual(expect.any(String));
  });
});
