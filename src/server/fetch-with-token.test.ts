import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { MfaRequiredError, StepUpError } from "../errors/index.js";
import {
  createTestUser,
  generateTotp,
  startStepUpApp,
  type StepUpApp,
  type TestBrowser,
} from "../testing/index.js";
import { MFA_ACR } from "./resource-server/check-claims.js";
import { protectApi, type ProtectApiOptions } from "./resource-server/protect-api.js";

const PAYMENTS = "https://api.example.com/payments";
const REPORTS = "https://api.example.com/reports";

let app: StepUpApp;
/** Every request the APIs received, with the token's claims they saw. */
let apiCalls: Array<{ url: string; amr: unknown; body: string }> = [];
/** The APIs' own requirements, changed per test. */
let reportsNeed: Partial<ProtectApiOptions> = {};

/** Two resource servers in-process: payments (MFA, 300 s) and reports (per `reportsNeed`). */
const apiFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const audience = request.url.startsWith(PAYMENTS) ? PAYMENTS : REPORTS;
  const guard = protectApi({
    issuer: app.issuer.url,
    audience,
    fetch: app.issuer.fetch,
    clock: app.issuer.clock.now,
    ...(audience === PAYMENTS ? { acr: MFA_ACR, maxAge: 300 } : reportsNeed),
  });
  return guard(async (req, { claims }) => {
    apiCalls.push({ url: req.url, amr: claims.amr, body: await req.text() });
    return Response.json({ ok: true, sub: claims.sub });
  })(request, {});
};

/** Counts the guard's refusals too: wraps apiFetch. */
let answered: number[] = [];
const countingFetch: typeof fetch = async (input, init) => {
  const response = await apiFetch(input, init);
  answered.push(response.status);
  return response;
};

beforeAll(async () => {
  app = await startStepUpApp({
    issuer: {
      apis: [
        { audience: PAYMENTS, requireMfa: true, maxAge: 300, scopes: ["payments:write"] },
        { audience: REPORTS, scopes: ["reports:read"] },
      ],
    },
  });
}, 60_000);
afterAll(() => app.close());

/** Each test its own user: factors and used TOTP steps never leak between tests. */
const signInNewUser = async () => app.signIn({ user: await createTestUser(app.issuer) });

const reset = () => {
  apiCalls = [];
  answered = [];
  reportsNeed = {};
};

/** Steps `browser` up for payments with a new TOTP factor; returns nothing, the session holds it. */
async function stepUpWithTotp(browser: TestBrowser): Promise<void> {
  const error = (await app.auth
    .getAccessToken({ audience: PAYMENTS }, browser.context)
    .catch((e: unknown) => e)) as MfaRequiredError;
  expect(error).toBeInstanceOf(MfaRequiredError);
  const enrollment = await browser.mfa.enroll({ mfaToken: error.mfaToken, factor: "otp" });
  if (enrollment.authenticatorType !== "otp") throw new Error("expected otp");
  await browser.mfa.verify({
    mfaToken: error.mfaToken,
    otp: await generateTotp(enrollment.secret, app.issuer.clock.now()),
  });
}

const call = (browser: TestBrowser, url: string, options: Record<string, unknown> = {}) =>
  app.auth.fetchWithToken(
    url,
    { audience: url.startsWith(PAYMENTS) ? PAYMENTS : REPORTS, fetch: countingFetch, ...options },
    browser.context,
  );

describe("auth.fetchWithToken", () => {
  it("sends the session's token as a bearer and returns the API's answer", async () => {
    reset();
    const browser = await signInNewUser();
    const response = await call(browser, `${REPORTS}/summary`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer forged" },
      body: '{"a":1}',
    });
    expect(response.status).toBe(200);
    await expect(response.json()).resolves.toMatchObject({ ok: true });
    expect(apiCalls).toEqual([{ url: `${REPORTS}/summary`, amr: ["pwd"], body: '{"a":1}' }]);
  });

  it("throws MfaRequiredError, with the user's authenticators, when the forced refresh needs MFA", async () => {
    reset();
    reportsNeed = { acr: MFA_ACR };
    const browser = await signInNewUser();
    // Password-only: the reports API wants MFA, yet its policy on the issuer does not, so
    // the refresh gives another password-only token; the second 401 is the caller's.
    const refused = await call(browser, `${REPORTS}/summary`);
    expect(refused.status).toBe(401);
    expect(answered).toEqual([401, 401]);

    // The payments API: the issuer's policy wants MFA, so the refresh answers mfa_required.
    answered = [];
    const error = await call(browser, `${PAYMENTS}/pay`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MfaRequiredError);
    expect(error).toMatchObject({
      code: "mfa_required",
      audience: PAYMENTS,
      authenticators: [],
      mfaRequirements: { enroll: expect.any(Array) },
    });
    // getAccessToken already failed: the payments API was never called.
    expect(answered).toEqual([]);
  });

  it("retries once with the stronger token the forced refresh brings", async () => {
    reset();
    const browser = await signInNewUser();
    // A reports token from before the step-up has no MFA ...
    await app.auth.getAccessToken({ audience: REPORTS }, browser.context);
    await stepUpWithTotp(browser);
    // ... which the reports API now refuses; the refresh token's family carries the MFA.
    reportsNeed = { acr: MFA_ACR };
    const response = await call(browser, `${REPORTS}/summary`, { method: "POST", body: "x" });
    expect(response.status).toBe(200);
    expect(answered).toEqual([401, 200]);
    expect(apiCalls).toEqual([
      { url: `${REPORTS}/summary`, amr: expect.arrayContaining(["mfa"]), body: "x" },
    ]);
  });

  it("asks the issuer with the challenge's max_age: a stale MFA becomes mfa_required", async () => {
    reset();
    const browser = await signInNewUser();
    await stepUpWithTotp(browser);
    await expect(call(browser, `${PAYMENTS}/pay`)).resolves.toHaveProperty("status", 200);
    // The reports API wants an MFA at most 10 s old; the issuer's policy alone would not ask.
    reportsNeed = { maxAge: 10 };
    app.issuer.clock.advance(11);
    const error = await call(browser, `${REPORTS}/summary`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MfaRequiredError);
    expect((error as MfaRequiredError).authenticators?.map((a) => a.type)).toContain("otp");
  });

  it("passes other refusals through untouched, without a refresh", async () => {
    reset();
    const browser = await signInNewUser();
    reportsNeed = { scopes: ["reports:admin"] };
    const response = await call(browser, `${REPORTS}/summary`);
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toContain("insufficient_scope");
    expect(answered).toEqual([403]);
  });

  it("replays a Request input's body on the retry", async () => {
    reset();
    const browser = await signInNewUser();
    await app.auth.getAccessToken({ audience: REPORTS }, browser.context);
    await stepUpWithTotp(browser);
    reportsNeed = { acr: MFA_ACR };
    const input = new Request(`${REPORTS}/upload`, { method: "POST", body: "payload" });
    const response = await app.auth.fetchWithToken(
      input,
      { audience: REPORTS, fetch: countingFetch },
      browser.context,
    );
    expect(response.status).toBe(200);
    expect(apiCalls.map((c) => c.body)).toEqual(["payload"]);
  });

  it("answers coded errors: no session, an unreachable API; and TypeError without an audience", async () => {
    const signedOut = app.newBrowser();
    await expect(call(signedOut, `${REPORTS}/x`)).rejects.toMatchObject({ code: "unauthorized" });
    const browser = await signInNewUser();
    const offline = await call(browser, `${REPORTS}/x`, {
      fetch: async () => {
        throw new TypeError("offline");
      },
    }).catch((e: unknown) => e);
    expect(offline).toBeInstanceOf(StepUpError);
    expect((offline as StepUpError).code).toBe("network_error");
    await expect(
      app.auth.fetchWithToken(`${REPORTS}/x`, {} as never, browser.context),
    ).rejects.toBeInstanceOf(TypeError);
  });
});
