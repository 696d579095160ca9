import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { getStepUpContext } from "../src/client/index.js";
import { StepUpError } from "../src/server/index.js";
import { generateTotp } from "../src/testing/index.js";
import { absorbSetCookies, cookieHeader } from "../src/testing/browser-cookies.js";
import {
  APP,
  MFA_CONTEXT_TTL,
  mfaClientFor,
  PAYMENTS,
  requireStepUp,
  startStepUpApp,
  type Browser,
  type StepUpApp,
} from "./helpers/step-up-app.js";

const GUARD = { audience: PAYMENTS, stepUpPath: "/step-up" };
const PENDING_COOKIE = "__stepup_session_mfa";

let app: StepUpApp;
beforeEach(async () => {
  app = await startStepUpApp();
});
afterEach(async () => {
  await app.close();
});

/** A page request from `browser` through the proxy guard, as Next.js would run proxy.ts. */
async function visitGuarded(browser: Browser, path = "/billing?tab=1"): Promise<Response> {
  const response = await app.auth.requireStepUp(
    new Request(`${APP}${path}`, { headers: { cookie: cookieHeader(browser.cookies) } }),
    GUARD,
  );
  absorbSetCookies(browser.cookies, response);
  return response;
}

const contextOf = (browser: Browser) => getStepUpContext({ baseUrl: APP, fetch: browser.fetch });
const codeOf = (error: unknown) => (error instanceof StepUpError ? error.code : error);

describe("proxy-guarded page: redirect, step-up page, resume", () => {
  it("runs the whole step-up through the cookie and resumes to returnTo", async () => {
    const browser = await app.signIn();
    const redirect = await visitGuarded(browser);
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get("location")).toBe(`${APP}/step-up`);

    // The step-up page reads the context through the SDK route, not from the URL.
    const context = await contextOf(browser);
    expect(context).toMatchObject({ audience: PAYMENTS, returnTo: "/billing?tab=1" });
    expect(context.mfaRequirements.enroll?.map((r) => r.type)).toContain("otp");

    const mfa = mfaClientFor(browser);
    const enrollment = await mfa.enroll({
      mfaToken: context.mfaToken,
      authenticatorTypes: ["otp"],
    });
    if (enrollment.authenticatorType !== "otp") throw new Error("expected otp");
    await expect(
      mfa.verify({
        mfaToken: context.mfaToken,
        otp: await generateTotp(enrollment.secret, app.issuer.clock.now()),
      }),
    ).resolves.toEqual({ success: true });

    // Verify cleared the pending step-up; the guarded page now passes.
    expect(browser.cookies.get(PENDING_COOKIE)).toBeUndefined();
    await expect(contextOf(browser).catch(codeOf)).resolves.toBe("mfa_token_expired");
    const page = await visitGuarded(browser);
    expect(page.headers.get("x-middleware-next")).toBe("1");
  });

  it("refuses the context to a cross-site request", async () => {
    const browser = await app.signIn();
    await visitGuarded(browser);
    const crossSite = await browser.fetch(`${APP}/auth/mfa/context`, {
      method: "POST",
      headers: { origin: "https://evil.example" },
    });
    expect(crossSite.status).toBe(403);
    await expect(crossSite.json()).resolves.toMatchObject({ error: "forbidden_origin" });
    const fetchMetadata = await browser.fetch(`${APP}/auth/mfa/context`, {
      method: "POST",
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(fetchMetadata.status).toBe(403);
    expect(crossSite.headers.get("cache-control")).toBe("no-store");
  });

  it("binds the context to its session: another session's cookie is refused and cleared", async () => {
    const victim = await app.signIn();
    await visitGuarded(victim);
    const attacker = await app.signIn();
    attacker.cookies.set(PENDING_COOKIE, victim.cookies.get(PENDING_COOKIE)!, {});
    await expect(contextOf(attacker).catch(codeOf)).resolves.toBe("mfa_token_mismatch");
    expect(attacker.cookies.get(PENDING_COOKIE)).toBeUndefined();

    const signedOut = app.newBrowser();
    signedOut.cookies.set(PENDING_COOKIE, victim.cookies.get(PENDING_COOKIE)!, {});
    await expect(contextOf(signedOut).catch(codeOf)).resolves.toBe("unauthorized");
  });

  it("answers mfa_token_expired past the context's TTL and for a tampered cookie", async () => {
    const browser = await app.signIn();
    await visitGuarded(browser);
    const sealed = browser.cookies.get(PENDING_COOKIE)!;
    browser.cookies.set(PENDING_COOKIE, sealed.replace(/"c":"(.)/, '"c":"x'), {});
    await expect(contextOf(browser).catch(codeOf)).resolves.toBe("mfa_token_invalid");

    browser.cookies.set(PENDING_COOKIE, sealed, {});
    app.issuer.clock.advance(MFA_CONTEXT_TTL + 1);
    await expect(contextOf(browser).catch(codeOf)).resolves.toBe("mfa_token_expired");
    expect(browser.cookies.get(PENDING_COOKIE)).toBeUndefined();
  });

  it("a verify with another context leaves the pending step-up in place", async () => {
    const browser = await app.signIn();
    await visitGuarded(browser);
    const pending = await contextOf(browser);
    // A second guarded visit seals a second context for the same issuer grant.
    const other = await requireStepUp(app, browser);
    const mfa = mfaClientFor(browser);
    const enrollment = await mfa.enroll({ mfaToken: other.mfaToken, authenticatorTypes: ["otp"] });
    if (enrollment.authenticatorType !== "otp") throw new Error("expected otp");
    await mfa.verify({
      mfaToken: other.mfaToken,
      otp: await generateTotp(enrollment.secret, app.issuer.clock.now()),
    });
    expect(browser.cookies.get(PENDING_COOKIE)).toBeDefined();
    expect(pending.mfaToken).not.toBe(other.mfaToken);
  });
});
