import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { MfaRequiredError } from "../../errors/index.js";
import {
  createTestUser,
  generateTotp,
  startStepUpApp,
  type StepUpApp,
  type TestBrowser,
} from "../../testing/index.js";

const PAYMENTS = "https://api.example.com/payments";

/** One app for the file; its issuer calls to /mfa/authenticators are recorded, and can fail. */
let app: StepUpApp;
const lists: string[] = [];
const state = { failLists: false };

beforeAll(async () => {
  app = await startStepUpApp({
    wrapFetch: (issuerFetch) => async (input, init) => {
      const request = new Request(input, init);
      if (new URL(request.url).pathname === "/mfa/authenticators") {
        lists.push(request.headers.get("authorization") ?? "");
        if (state.failLists) return new Response("down", { status: 503 });
      }
      return issuerFetch(request);
    },
  });
}, 60_000);
afterAll(() => app.close());
beforeEach(() => {
  lists.length = 0;
  state.failLists = false;
});

const stepUpError = async (a: StepUpApp, browser: TestBrowser) =>
  (await a.auth
    .getAccessToken({ audience: PAYMENTS }, browser.context)
    .catch((e: unknown) => e)) as MfaRequiredError;

async function enrollTotp(a: StepUpApp, browser: TestBrowser) {
  const { mfaToken } = await stepUpError(a, browser);
  const enrollment = await browser.mfa.enroll({ mfaToken, factor: "otp" });
  if (enrollment.authenticatorType !== "otp") throw new Error("expected otp");
  await browser.mfa.verify({
    mfaToken,
    otp: await generateTotp(enrollment.secret, a.issuer.clock.now()),
  });
}

describe("mfa_required carries the user's authenticators", () => {
  it("is an empty list, with no issuer call, when the user can only enroll", async () => {
    const a = app;
    const error = await stepUpError(a, await a.signIn({ user: await createTestUser(a.issuer) }));
    expect(error).toBeInstanceOf(MfaRequiredError);
    expect(error.authenticators).toEqual([]);
    expect(error.mfaRequirements.enroll?.length).toBeGreaterThan(0);
    expect(lists).toEqual([]);
  });

  it("lists once, with the issuer's raw token, and the 403 JSON carries the list", async () => {
    const a = app;
    const user = await createTestUser(a.issuer);
    await enrollTotp(a, await a.signIn({ user }));
    const browser = await a.signIn({ user });
    lists.length = 0;
    const error = await stepUpError(a, browser);
    expect(lists).toHaveLength(1);
    expect(error.authenticators?.map((x) => x.type).sort()).toEqual(["otp", "recovery-code"]);
    // The issuer's raw mfa_token went to the issuer; the browser sees only the sealed context.
    expect(lists[0]).not.toContain(error.mfaToken);
    const body = (await error.toResponse().json()) as { authenticators: unknown[] };
    expect(body.authenticators).toEqual(
      expect.arrayContaining([expect.objectContaining({ authenticator_type: "otp" })]),
    );
  });

  it("leaves the list out when listing fails: the step-up itself still works", async () => {
    const a = app;
    const user = await createTestUser(a.issuer);
    await enrollTotp(a, await a.signIn({ user }));
    state.failLists = true;
    const error = await stepUpError(a, await a.signIn({ user }));
    expect(error).toBeInstanceOf(MfaRequiredError);
    expect(error.authenticators).toBeUndefined();
  });

  it("is not listed for the proxy guard, which only redirects", async () => {
    const a = app;
    const user = await createTestUser(a.issuer);
    await enrollTotp(a, await a.signIn({ user }));
    const browser = await a.signIn({ user });
    lists.length = 0;
    const cookie = browser.cookies
      .getAll()
      .map(({ name, value }) => `${name}=${encodeURIComponent(value)}`)
      .join("; ");
    const response = await a.auth.requireStepUp(
      new Request(`${a.url}/billing`, { headers: { cookie } }),
      { audience: PAYMENTS, stepUpPath: "/step-up" },
    );
    expect(response.status).toBe(303);
    expect(lists).toEqual([]);
  });
});
