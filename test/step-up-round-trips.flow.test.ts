/**
 * The dashboard's step-up through the public API only: a BFF route
 * (`withStepUp` + `auth.fetchWithToken`) in front of a resource server
 * (`protectApi`), and a browser using `fetchWithStepUp` and `mfa`. It counts
 * the browser's requests from the step-up being needed to the payment going
 * through (issue 10 item 7: at most 3 for a TOTP user).
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  configureClient,
  createMfaClient,
  errorFromResponse,
  fetchWithStepUp,
  mfa,
  MfaRequiredError,
  type StepUpRequest,
} from "../src/client/index.js";
import { MFA_ACR, protectApi, withStepUp } from "../src/server/index.js";
import {
  createTestUser,
  generateTotp,
  readLatestCode,
  startStepUpApp,
  type StepUpApp,
  type TestBrowser,
} from "../src/testing/index.js";

const PAYMENTS = "https://api.example.com/payments";

let app: StepUpApp;

/** The payment API: a resource server wanting MFA within 300 s (RFC 9470 otherwise). */
const paymentsApi: typeof fetch = async (input, init) =>
  protectApi({
    issuer: app.issuer.url,
    audience: PAYMENTS,
    acr: MFA_ACR,
    maxAge: 300,
    fetch: app.issuer.fetch,
    clock: app.issuer.clock.now,
  })(async (request, { claims }) =>
    Response.json({ id: `pay_${claims.jti}`, ...((await request.json()) as object) }),
  )(new Request(input, init), {});

beforeAll(async () => {
  app = await startStepUpApp({
    // The app's BFF route, as app-example/app/api/payments/route.ts writes it.
    handler: (request, context) => {
      if (new URL(request.url).pathname !== "/api/payments") return undefined;
      return withStepUp(async (req: Request) =>
        app.auth.fetchWithToken(
          `${PAYMENTS}/payments`,
          {
            audience: PAYMENTS,
            method: "POST",
            headers: { "content-type": "application/json" },
            body: await req.text(),
            fetch: paymentsApi,
          },
          context,
        ),
      )(request);
    },
  });
}, 60_000);
afterAll(() => app.close());

/** The browser's requests, as `METHOD /path`. */
function counted(browser: TestBrowser) {
  const requests: string[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    const request = new Request(new URL(String(input), app.url), init);
    requests.push(`${request.method} ${new URL(request.url).pathname}`);
    return browser.fetch(request);
  };
  return { requests, fetch, mfa: createMfaClient({ baseUrl: app.url, fetch }) };
}

const pay = (fetch: typeof globalThis.fetch, onStepUp: (r: StepUpRequest) => unknown) =>
  fetchWithStepUp(
    "/api/payments",
    { method: "POST", headers: { "content-type": "application/json" }, body: '{"amount":5}' },
    { fetch, onStepUp },
  );

/** A user with TOTP enrolled (through the same path); returns the secret. */
async function enrolledUser() {
  const user = await createTestUser(app.issuer);
  const browser = await app.signIn({ user });
  let secret = "";
  const answer = await pay(browser.fetch, async (request) => {
    if (request.reason !== "mfa_required") return false;
    const enrollment = await browser.mfa.enroll({ mfaToken: request.mfaToken, factor: "otp" });
    if (enrollment.authenticatorType !== "otp") return false;
    secret = enrollment.secret;
    await browser.mfa.verify({
      mfaToken: request.mfaToken,
      otp: await generateTotp(secret, app.issuer.clock.now()),
    });
  });
  expect(answer.status).toBe(200);
  return { user, secret };
}

describe("a payment that needs a step-up, in browser round trips", () => {
  it("TOTP: the 403, one verify, the retried payment — 3 requests, no list, no challenge", async () => {
    const { user, secret } = await enrolledUser();
    app.issuer.clock.advance(30); // the next TOTP step: the enrollment's code is spent
    const browser = counted(await app.signIn({ user }));
    // One client configuration for the page: `mfa` and fetchWithStepUp both use it.
    configureClient({ baseUrl: app.url, fetch: browser.fetch });
    const seen: StepUpRequest[] = [];
    const answer = await fetchWithStepUp(
      "/api/payments",
      { method: "POST", headers: { "content-type": "application/json" }, body: '{"amount":5}' },
      {
        onStepUp: async (request) => {
          seen.push(request);
          if (request.reason !== "mfa_required") return false;
          // The dialog's first screen comes from the 403 itself.
          expect(request.authenticators?.some((a) => a.type === "otp")).toBe(true);
          await mfa.verify({
            mfaToken: request.mfaToken,
            otp: await generateTotp(secret, app.issuer.clock.now()),
          });
        },
      },
    ).finally(() => configureClient({}));
    expect(answer.status).toBe(200);
    await expect(answer.json()).resolves.toMatchObject({ id: expect.stringMatching(/^pay_/) });
    expect(browser.requests).toEqual([
      "POST /api/payments",
      "POST /auth/mfa/verify",
      "POST /api/payments",
    ]);
    expect(seen).toHaveLength(1);
  });

  it("email: the challenge sends the code; enrollment: associate then verify", async () => {
    const user = await createTestUser(app.issuer);
    const browser = counted(await app.signIn({ user }));
    const enrolled = await pay(browser.fetch, async (request) => {
      if (request.reason !== "mfa_required") return false;
      expect(request.authenticators).toEqual([]);
      expect(request.mfaRequirements.enroll?.map((f) => f.type)).toContain("email");
      const enrollment = await browser.mfa.enroll({
        mfaToken: request.mfaToken,
        factor: "email",
        email: user.email,
      });
      if (enrollment.authenticatorType !== "oob") return false;
      await browser.mfa.verify({
        mfaToken: request.mfaToken,
        oobCode: enrollment.oobCode,
        bindingCode: await readLatestCode(app.issuer, user.email),
      });
    });
    expect(enrolled.status).toBe(200);
    expect(browser.requests).toEqual([
      "POST /api/payments",
      "POST /auth/mfa/associate",
      "POST /auth/mfa/verify",
      "POST /api/payments",
    ]);

    const again = counted(await app.signIn({ user }));
    const answer = await pay(again.fetch, async (request) => {
      if (request.reason !== "mfa_required") return false;
      const email = request.authenticators?.find((a) => a.type === "email");
      const { oobCode } = await again.mfa.challenge({
        mfaToken: request.mfaToken,
        challengeType: "oob",
        authenticatorId: email!.id,
      });
      await again.mfa.verify({
        mfaToken: request.mfaToken,
        oobCode: oobCode!,
        bindingCode: await readLatestCode(app.issuer, user.email),
      });
    });
    expect(answer.status).toBe(200);
    expect(again.requests).toEqual([
      "POST /api/payments",
      "POST /auth/mfa/challenge",
      "POST /auth/mfa/verify",
      "POST /api/payments",
    ]);
  });

  it("a declined step-up gives back the 403, readable as the typed error", async () => {
    const browser = await app.signIn({ user: await createTestUser(app.issuer) });
    const answer = await pay(browser.fetch, () => false);
    expect(answer.status).toBe(403);
    const error = await errorFromResponse(answer);
    expect(error).toBeInstanceOf(MfaRequiredError);
    expect(error.code).toBe("mfa_required");
  });
});
