/**
 * Security settings through the public API: the browser's `mfa` removes an
 * authenticator and regenerates recovery codes on its session, stepping up
 * for the issuer's MFA API audience (`{issuer}/mfa/`) with the same `mfa` API.
 * The real test issuer answers every call; the wrapped fetch only records the
 * bearer claims that reach its two management endpoints.
 */
import { afterEach, describe, expect, it } from "@jest/globals";
import { decodeJwt } from "jose";
import { MfaRequiredError } from "../src/client/index.js";
import { generateTotp } from "../src/testing/index.js";
import {
  mfaClientFor,
  requireStepUp,
  startStepUpApp,
  type Browser,
  type StepUpApp,
} from "./helpers/step-up-app.js";

const MFA_API = "http://issuer.test/mfa/";

let app: StepUpApp;
afterEach(async () => {
  await app.close();
});

/** What reached the issuer's management endpoints. */
const seen: Array<{ method: string; path: string; claims: Record<string, unknown> }> = [];

async function start() {
  seen.length = 0;
  app = await startStepUpApp({
    issuer: {
      apis: [
        {
          audience: "https://api.example.com/payments",
          requireMfa: true,
          maxAge: 300,
          scopes: ["payments:write"],
        },
      ],
    },
    wrapFetch: (issuerFetch) => async (input, init) => {
      const request = new Request(input, init);
      const { pathname } = new URL(request.url);
      const management =
        (request.method === "DELETE" && pathname.startsWith("/mfa/authenticators/")) ||
        (request.method === "POST" && pathname === "/mfa/recovery-codes");
      if (management) {
        const bearer = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
        const claims = decodeJwt(bearer) as Record<string, unknown>;
        seen.push({ method: request.method, path: pathname, claims });
      }
      return issuerFetch(request);
    },
  });
}

/** Signs in and enrolls TOTP through the first payments step-up (factor form). */
async function enrolledBrowser(): Promise<{ browser: Browser; secret: string }> {
  const browser = await app.signIn();
  const { mfaToken } = await requireStepUp(app, browser);
  const mfa = mfaClientFor(browser);
  // The issuer's names are ours: each factor's name is its type (push: the dev push factor).
  await expect(mfa.getEnrollmentFactors({ mfaToken })).resolves.toEqual(
    ["otp", "email", "sms", "push", "webauthn"].map((type) => ({ type, name: type })),
  );
  const enrollment = await mfa.enroll({ mfaToken, factor: "otp" });
  if (enrollment.authenticatorType !== "otp") throw new Error("otp expected");
  await mfa.verify({
    mfaToken,
    otp: await generateTotp(enrollment.secret, app.issuer.clock.now()),
  });
  return { browser, secret: enrollment.secret };
}

describe("security settings through next-stepup/client", () => {
  it("deleting an authenticator steps up for the MFA API, then succeeds with its token", async () => {
    await start();
    const { browser, secret } = await enrolledBrowser();
    const mfa = mfaClientFor(browser);
    // Lists every factor, the recovery codes included, with a derived type.
    const second = await app.signIn();
    const context = (await requireStepUp(app, second)).mfaToken;
    const listed = await mfaClientFor(second).getAuthenticators({ mfaToken: context });
    expect(listed.map((a) => a.type).sort()).toEqual(["otp", "recovery-code"]);
    expect(listed.every((a) => typeof a.createdAt === "string")).toBe(true);
    const totp = listed.find((a) => a.type === "otp")!;

    // The payments step-up does not cover the MFA API: a step-up for its audience is asked.
    app.issuer.clock.advance(301);
    const required = await mfa.deleteAuthenticator(totp.id).catch((e: unknown) => e);
    expect(required).toBeInstanceOf(MfaRequiredError);
    expect(required).toMatchObject({ operation: "deleteAuthenticator", status: 403 });
    expect(seen).toHaveLength(0);

    const { mfaToken } = required as MfaRequiredError;
    await expect(mfa.getEnrollmentFactors({ mfaToken })).resolves.toEqual([]);
    await mfa.verify({ mfaToken, otp: await generateTotp(secret, app.issuer.clock.now()) });
    await expect(mfa.deleteAuthenticator(totp.id)).resolves.toBeUndefined();
    expect(seen[0]).toMatchObject({
      method: "DELETE",
      path: `/mfa/authenticators/${encodeURIComponent(totp.id)}`,
      claims: { aud: MFA_API, scope: "enroll read:authenticators remove:authenticators" },
    });
    expect(seen[0]!.claims.amr).toEqual(expect.arrayContaining(["mfa", "otp"]));
    // Gone on the issuer: a second delete finds nothing.
    await expect(mfa.deleteAuthenticator(totp.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("regenerates recovery codes with an enroll-scoped MFA API token", async () => {
    await start();
    const { browser, secret } = await enrolledBrowser();
    const mfa = mfaClientFor(browser);
    app.issuer.clock.advance(301);
    const required = (await mfa
      .regenerateRecoveryCodes()
      .catch((e: unknown) => e)) as MfaRequiredError;
    expect(required).toMatchObject({ code: "mfa_required", operation: "regenerateRecoveryCodes" });
    await mfa.verify({
      mfaToken: required.mfaToken,
      otp: await generateTotp(secret, app.issuer.clock.now()),
    });
    const { recoveryCodes } = await mfa.regenerateRecoveryCodes();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(seen[0]!.claims).toMatchObject({
      aud: MFA_API,
      scope: expect.stringContaining("enroll"),
    });
  });

  it("lists the session's own factors after a step-up for the MFA API (no context)", async () => {
    await start();
    const { browser, secret } = await enrolledBrowser();
    const mfa = mfaClientFor(browser);
    app.issuer.clock.advance(301);
    const required = (await mfa.getAuthenticators().catch((e: unknown) => e)) as MfaRequiredError;
    expect(required).toBeInstanceOf(MfaRequiredError);
    expect(required).toMatchObject({ operation: "getAuthenticators", status: 403 });
    await mfa.verify({
      mfaToken: required.mfaToken,
      otp: await generateTotp(secret, app.issuer.clock.now()),
    });
    const list = await mfa.getAuthenticators();
    expect(list.map((a) => a.type).sort()).toEqual(["otp", "recovery-code"]);
    expect(list.find((a) => a.type === "otp")?.lastAuth).toEqual(expect.any(String));
  });

  it("a signed-out browser gets unauthorized", async () => {
    await start();
    const mfa = mfaClientFor(app.newBrowser());
    await expect(mfa.deleteAuthenticator("totp|x").catch((e: unknown) => e)).resolves.toMatchObject(
      {
        code: "unauthorized",
      },
    );
    await expect(mfa.getEnrollmentFactors().catch((e: unknown) => e)).resolves.toMatchObject({
      code: "unauthorized",
    });
    await expect(mfa.getAuthenticators().catch((e: unknown) => e)).resolves.toMatchObject({
      code: "unauthorized",
    });
  });
});
