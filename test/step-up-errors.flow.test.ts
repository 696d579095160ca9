import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { StepUpError, TooManyAttemptsError } from "../src/client/index.js";
import {
  APP,
  MFA_CONTEXT_TTL,
  mfaClientFor,
  PAYMENTS,
  requireStepUp,
  startStepUpApp,
  type StepUpApp,
} from "./helpers/step-up-app.js";

let app: StepUpApp;
beforeEach(async () => {
  app = await startStepUpApp();
});
afterEach(async () => {
  await app.close();
});

async function errorOf(promise: Promise<unknown>): Promise<StepUpError> {
  const error = await promise.catch((e: unknown) => e);
  if (!(error instanceof StepUpError))
    throw new Error(`expected a StepUpError, got ${String(error)}`);
  return error;
}

const verifyRequest = (
  mfaToken: string,
  body: string,
  headers: Record<string, string> = {},
): RequestInit => ({
  method: "POST",
  headers: { authorization: `Bearer ${mfaToken}`, "content-type": "application/json", ...headers },
  body,
});

describe("step-up errors against the in-process issuer", () => {
  it("mfa_token_mismatch: a context used from another session", async () => {
    const alice = await app.signIn();
    const other = await app.signIn();
    const mfaToken = (await requireStepUp(app, alice)).mfaToken;
    const error = await errorOf(mfaClientFor(other).getAuthenticators({ mfaToken }));
    expect(error.code).toBe("mfa_token_mismatch");
    expect(error.status).toBe(401);
    expect(error.operation).toBe("getAuthenticators");
    // Also refused server-side with the other session's cookies.
    await expect(
      errorOf(
        app.auth.mfa.enroll({ mfaToken, authenticatorTypes: ["otp"] }, { cookies: other.cookies }),
      ),
    ).resolves.toMatchObject({ code: "mfa_token_mismatch" });
  });

  it("mfa_token_expired: the context is past its TTL", async () => {
    const browser = await app.signIn();
    const mfaToken = (await requireStepUp(app, browser)).mfaToken;
    app.issuer.clock.advance(MFA_CONTEXT_TTL + 1);
    const error = await errorOf(
      mfaClientFor(browser).enroll({ mfaToken, authenticatorTypes: ["otp"] }),
    );
    expect(error.code).toBe("mfa_token_expired");
    expect(error.status).toBe(401);
    expect(error.operation).toBe("enroll");
  });

  it("mfa_token_invalid: a tampered context", async () => {
    const browser = await app.signIn();
    const mfaToken = (await requireStepUp(app, browser)).mfaToken;
    const parts = mfaToken.split(".");
    parts[3] = `${parts[3]!.slice(0, -4)}${parts[3]!.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    const error = await errorOf(
      mfaClientFor(browser).verify({ mfaToken: parts.join("."), otp: "123456" }),
    );
    expect(error.code).toBe("mfa_token_invalid");
    expect(error.status).toBe(401);
  });

  it("unauthorized: no session", async () => {
    const browser = await app.signIn();
    const mfaToken = (await requireStepUp(app, browser)).mfaToken;
    const stranger = app.newBrowser();
    await expect(
      errorOf(mfaClientFor(stranger).getAuthenticators({ mfaToken })),
    ).resolves.toMatchObject({ code: "unauthorized", status: 401 });
    await expect(
      errorOf(app.auth.getAccessToken({ audience: PAYMENTS }, { cookies: stranger.cookies })),
    ).resolves.toMatchObject({ code: "unauthorized" });
    const profile = await stranger.fetch(`${APP}/auth/profile`);
    expect(profile.status).toBe(401);
  });

  it("forbidden_origin: a cross-origin POST", async () => {
    const browser = await app.signIn();
    const mfaToken = (await requireStepUp(app, browser)).mfaToken;
    const crossOrigin: Array<Record<string, string>> = [
      { origin: "https://evil.example" },
      { origin: APP, "sec-fetch-site": "cross-site" },
    ];
    for (const headers of crossOrigin) {
      const response = await browser.fetch(
        `${APP}/auth/mfa/associate`,
        verifyRequest(mfaToken, JSON.stringify({ authenticator_types: ["otp"] }), headers),
      );
      expect(response.status).toBe(403);
      expect(response.headers.get("cache-control")).toBe("no-store");
      await expect(response.json()).resolves.toMatchObject({ error: "forbidden_origin" });
    }
  });

  it("invalid_request: verify with a bad body (one session, a table of bodies)", async () => {
    const browser = await app.signIn();
    const mfaToken = (await requireStepUp(app, browser)).mfaToken;
    const bodies = {
      "not JSON": "{",
      "no proof": "{}",
      "a non-numeric otp": JSON.stringify({ otp: "12ab56" }),
      "an unknown field": JSON.stringify({ otp: "123456", extra: 1 }),
      "two proofs": JSON.stringify({ otp: "123456", recovery_code: "X" }),
    };
    for (const [name, body] of Object.entries(bodies)) {
      const response = await browser.fetch(`${APP}/auth/mfa/verify`, verifyRequest(mfaToken, body));
      expect({ name, status: response.status }).toEqual({ name, status: 400 });
      expect(response.headers.get("cache-control")).toBe("no-store");
      await expect(response.json()).resolves.toMatchObject({ error: "invalid_request" });
    }
  });

  it("invalid_request: associate with an unsupported body, and a route without its bearer", async () => {
    const browser = await app.signIn();
    const mfaToken = (await requireStepUp(app, browser)).mfaToken;
    const associate = await browser.fetch(
      `${APP}/auth/mfa/associate`,
      verifyRequest(mfaToken, JSON.stringify({ authenticator_types: ["push"] })),
    );
    expect(associate.status).toBe(400);
    const noBearer = await browser.fetch(`${APP}/auth/mfa/challenge`, {
      method: "POST",
      headers: { origin: APP, "content-type": "application/json" },
      body: JSON.stringify({ challenge_type: "otp" }),
    });
    expect(noBearer.status).toBe(400);
    await expect(noBearer.json()).resolves.toMatchObject({ error: "invalid_request" });
  });

  it("429 too_many_attempts passes through with Retry-After", async () => {
    const browser = await app.signIn();
    const mfaToken = (await requireStepUp(app, browser)).mfaToken;
    const mfa = mfaClientFor(browser);
    const enrollment = await mfa.enroll({ mfaToken, authenticatorTypes: ["otp"] });
    expect(enrollment.authenticatorType).toBe("otp");

    let last: StepUpError | undefined;
    for (let attempt = 0; attempt < 10 && !(last instanceof TooManyAttemptsError); attempt++) {
      last = await errorOf(mfa.verify({ mfaToken, otp: "000000" }));
      if (!(last instanceof TooManyAttemptsError)) expect(last.code).toBe("invalid_grant");
    }
    expect(last).toBeInstanceOf(TooManyAttemptsError);
    expect(last?.status).toBe(429);
    expect((last as TooManyAttemptsError).retryAfter).toBeGreaterThan(0);
    expect(last?.operation).toBe("verify");

    const raw = await browser.fetch(
      `${APP}/auth/mfa/verify`,
      verifyRequest(mfaToken, JSON.stringify({ otp: "000000" })),
    );
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get("retry-after"))).toBeGreaterThan(0);
    await expect(raw.json()).resolves.toMatchObject({
      error: "too_many_attempts",
      retry_after: expect.any(Number),
    });
  });
});
