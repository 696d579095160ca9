import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { answerPush, startTestIssuer } from "../src/testing/index.js";
import {
  claimsOf,
  PAYMENTS,
  requireStepUp,
  startStepUpApp,
  type Browser,
  type StepUpApp,
} from "./helpers/step-up-app.js";

let app: StepUpApp;
beforeEach(async () => {
  app = await startStepUpApp();
});
afterEach(async () => {
  await app.close();
});

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

/** Enrolls a push device as the first factor of `browser`'s user; returns its id. */
async function enrollPush(browser: Browser): Promise<string> {
  const { mfaToken } = await requireStepUp(app, browser);
  const enrollment = await browser.mfa.enroll({ mfaToken, factor: "push" });
  if (enrollment.authenticatorType !== "oob") throw new Error("oob expected");
  expect(enrollment).toMatchObject({
    oobChannel: "auth0",
    oobCode: expect.stringMatching(/^push\./),
    barcodeUri: expect.stringMatching(/^otpauth:\/\/totp\/.+enrollment_tx_id=/),
    recoveryCodes: expect.any(Array),
  });
  expect(enrollment.bindingMethod).toBeUndefined();
  await expect(
    rejection(browser.mfa.verify({ mfaToken, oobCode: enrollment.oobCode })),
  ).resolves.toMatchObject({ code: "authorization_pending", status: 400, operation: "verify" });
  await answerPush(app.issuer, { to: app.issuer.user.email });
  app.issuer.clock.advance(2);
  await expect(browser.mfa.verify({ mfaToken, oobCode: enrollment.oobCode })).resolves.toEqual({
    success: true,
  });
  // The session's own list (an MFA API token: the push just now was a fresh MFA).
  const list = await browser.mfa.getAuthenticators();
  const device = list.find((a) => a.type === "push");
  expect(device).toMatchObject({ authenticatorType: "oob", oobChannel: "auth0", active: true });
  return device!.id;
}

describe("the issuer's development push factor", () => {
  it("enrolls through the outbox, then steps up with a push approved there", async () => {
    const browser = await app.signIn();
    const id = await enrollPush(browser);
    const token = await app.auth.getAccessToken({ audience: PAYMENTS }, browser.context);
    expect(claimsOf(token.token).amr).toEqual(expect.arrayContaining(["mfa", "push"]));

    const second = await app.signIn(); // a new sign-in, without MFA yet
    const { mfaToken, mfaRequirements } = await requireStepUp(app, second);
    expect(mfaRequirements.challenge?.map((c) => c.type)).toContain("push");
    const challenge = await second.mfa.challenge({
      mfaToken,
      challengeType: "oob",
      authenticatorId: id,
    });
    expect(challenge).toEqual({ challengeType: "oob", oobCode: expect.stringMatching(/^push\./) });
    await answerPush(app.issuer);
    await expect(second.mfa.verify({ mfaToken, oobCode: challenge.oobCode! })).resolves.toEqual({
      success: true,
    });
    // Spent: the same approval does not verify another step-up.
    const third = await app.signIn();
    const again = await requireStepUp(app, third);
    await expect(
      rejection(third.mfa.verify({ mfaToken: again.mfaToken, oobCode: challenge.oobCode! })),
    ).resolves.toMatchObject({ code: "access_denied", operation: "verify" });
  });

  it("answers slow_down to a poll within a second, access_denied once denied", async () => {
    const browser = await app.signIn();
    const id = await enrollPush(browser);
    const second = await app.signIn();
    const { mfaToken } = await requireStepUp(app, second);
    const { oobCode } = await second.mfa.challenge({
      mfaToken,
      challengeType: "oob",
      authenticatorId: id,
    });
    const poll = () => rejection(second.mfa.verify({ mfaToken, oobCode: oobCode! }));
    await expect(poll()).resolves.toMatchObject({ code: "authorization_pending" });
    await expect(poll()).resolves.toMatchObject({ code: "slow_down", status: 400 });
    await answerPush(app.issuer, { answer: "deny" });
    await expect(poll()).resolves.toMatchObject({
      code: "access_denied",
      status: 403,
      operation: "verify",
    });
    // Answered once: a later approval of the same push is refused.
    await expect(answerPush(app.issuer)).rejects.toBeInstanceOf(TypeError);
  });

  it("expires an unanswered push (expired_token), and refuses one of another step-up", async () => {
    const browser = await app.signIn();
    const id = await enrollPush(browser);
    const second = await app.signIn();
    const first = await requireStepUp(app, second);
    const { oobCode } = await second.mfa.challenge({
      mfaToken: first.mfaToken,
      challengeType: "oob",
      authenticatorId: id,
    });
    // Another step-up's context cannot redeem this push, even once approved.
    const other = await requireStepUp(app, second);
    await answerPush(app.issuer);
    await expect(
      rejection(second.mfa.verify({ mfaToken: other.mfaToken, oobCode: oobCode! })),
    ).resolves.toMatchObject({ code: "access_denied" }); // the issuer's invalid_grant, as Auth0's

    const third = await requireStepUp(app, second);
    const pending = await second.mfa.challenge({
      mfaToken: third.mfaToken,
      challengeType: "oob",
      authenticatorId: id,
    });
    app.issuer.clock.advance(121);
    await expect(
      rejection(second.mfa.verify({ mfaToken: third.mfaToken, oobCode: pending.oobCode! })),
    ).resolves.toMatchObject({ code: "expired_token", status: 401 });
  });

  it("lists pending pushes on the outbox page with Approve and Deny, and answers POST /dev/push", async () => {
    const browser = await app.signIn();
    const { mfaToken } = await requireStepUp(app, browser);
    await browser.mfa.enroll({ mfaToken, factor: "push" });
    const page = await app.issuer.fetch(`${app.issuer.url}/dev/outbox`);
    const html = await page.text();
    expect(html).toContain("Enroll this device for user@example.com");
    expect(html).toMatch(/<button type="submit"[^>]*>Approve<\/button>/);
    const listed = (await (
      await app.issuer.fetch(`${app.issuer.url}/dev/outbox`, {
        headers: { accept: "application/json" },
      })
    ).json()) as { pushes: Array<{ id: string; purpose: string; to: string }> };
    expect(listed.pushes).toEqual([
      expect.objectContaining({ purpose: "enroll", to: app.issuer.user.email }),
    ]);
    const post = (body: string, headers: Record<string, string> = {}) =>
      app.issuer.fetch(`${app.issuer.url}/dev/push`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body,
      });
    const id = listed.pushes[0]!.id;
    const crossSite = await post(`request=${id}&answer=approve`, {
      origin: "https://evil.example",
    });
    expect(crossSite.status).toBe(403);
    await expect(crossSite.json()).resolves.toMatchObject({ error: "forbidden_origin" });
    // Fetch Metadata decides for a browser: another port of the host is same-site, not ours;
    // `Origin: null` alone (a sandboxed or opaque page) is not the issuer's either.
    const refusedHeaders: Record<string, string>[] = [
      { "sec-fetch-site": "same-site", origin: app.issuer.url },
      { "sec-fetch-site": "cross-site", origin: "null" },
      { origin: "null" },
    ];
    for (const headers of refusedHeaders) {
      const refused = await post(`request=${id}&answer=approve`, headers);
      expect(refused.status).toBe(403);
      await expect(refused.json()).resolves.toMatchObject({ error: "forbidden_origin" });
    }
    for (const body of ["", `request=${id}&answer=maybe`, "request=nope&answer=approve"]) {
      const bad = await post(body, { accept: "application/json" });
      expect(bad.status).toBe(400);
      await expect(bad.json()).resolves.toMatchObject({ error: "invalid_request" });
    }
    // The outbox's own form, as Chromium posts it from a no-referrer page.
    const form = await post(`request=${id}&answer=approve`, {
      origin: "null",
      "sec-fetch-site": "same-origin",
    });
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toBe(`${app.issuer.url}/dev/outbox`);
    const twice = await post(`request=${id}&answer=deny`, { accept: "application/json" });
    expect(twice.status).toBe(400);
  });

  it("is a development factor: without devMode it is neither offered nor enrolled", async () => {
    // A test issuer over a pooled store: createIssuer's in-memory store would run initdb and
    // the migrations for this one test (seconds of CPU).
    const { issuer, url } = await startTestIssuer({ devMode: false });
    try {
      const discovery = (await (
        await issuer.handler(new Request(`${url}/.well-known/openid-configuration`))
      ).json()) as { mfa_factors_supported: string[] };
      expect(discovery.mfa_factors_supported).not.toContain("push");
      const push = await issuer.handler(
        new Request(`${url}/dev/push`, { method: "POST", body: "" }),
      );
      expect(push.status).toBe(404);
    } finally {
      await issuer.close();
    }
  });
});
