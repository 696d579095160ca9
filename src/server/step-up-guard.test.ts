import { describe, expect, it } from "@jest/globals";
import { cookieHeader } from "../testing/browser-cookies.js";
import { APP, createTestCore, signIn } from "../../test/fakes/sign-in.js";
import type { CookieJar } from "./cookies/cookie-jar.js";
import { createRequestCookieJar } from "./cookies/request-cookie-jar.js";
import type { Core } from "./core.js";
import { readPendingStepUp } from "./step-up-cookie.js";
import { requireStepUp, type RequireStepUpOptions } from "./step-up-guard.js";

const API = "https://api.example.com/payments";
const GUARD: RequireStepUpOptions = { audience: API, stepUpPath: "/step-up" };

function guard(core: Core, jar: CookieJar, path: string, options = GUARD) {
  const request = new Request(`${APP}${path}`, { headers: { cookie: cookieHeader(jar) } });
  return requireStepUp(core, request, createRequestCookieJar(request), options);
}

/** The Set-Cookie header for `name`, split into its attributes. */
function setCookie(response: Response, name: string): string[] | undefined {
  const header = response.headers.getSetCookie().find((h) => h.startsWith(`${name}=`));
  return header?.split(/;\s*/);
}

async function signedIn(options = {}) {
  const env = createTestCore(options);
  env.fake.mfaAudiences.add(API);
  const { jar } = await signIn(env.core, env.fake);
  return { ...env, jar };
}

describe("requireStepUp (proxy guard)", () => {
  it("redirects 303 to the step-up page with the context in a short-lived cookie, not the URL", async () => {
    const { core, jar } = await signedIn();
    const response = await guard(core, jar, "/billing?tab=cards");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${APP}/step-up`);
    expect(response.headers.get("cache-control")).toBe("no-store");

    const attributes = setCookie(response, "__stepup_session_mfa");
    expect(attributes).toEqual(
      expect.arrayContaining(["Path=/auth/mfa", "Max-Age=300", "HttpOnly", "SameSite=Lax"]),
    );
    expect(attributes).not.toContain("Secure");
    const value = decodeURIComponent(attributes![0]!.split("=").slice(1).join("="));
    const pending = readPendingStepUp(core, {
      get: () => value,
      getAll: () => [],
      set: () => undefined,
      delete: () => undefined,
    });
    expect(pending?.returnTo).toBe("/billing?tab=cards");
    expect(pending?.mfaToken.split(".")).toHaveLength(5); // a compact JWE
    expect(response.headers.get("location")).not.toContain(pending!.mfaToken);
  });

  it("marks the cookie Secure on https and lasts as long as the context", async () => {
    const { core, jar } = await signedIn({ appBaseUrl: "https://app.test", mfaContextTtl: 120 });
    const request = new Request("https://app.test/billing", {
      headers: { cookie: cookieHeader(jar) },
    });
    const response = await requireStepUp(core, request, createRequestCookieJar(request), GUARD);
    // Limited to the MFA routes' path, so __Secure- (a __Host- cookie must have Path=/).
    expect(setCookie(response, "__Secure-stepup_session_mfa")).toEqual(
      expect.arrayContaining(["Secure", "Max-Age=120", "Path=/auth/mfa"]),
    );
  });

  it.each([
    ["https://evil.example/x", "/"],
    ["//evil.example/x", "/"],
    ["/\\evil.example", "/"],
    ["/orders/7?x=1", "/orders/7?x=1"],
  ])("keeps returnTo %s on this origin (→ %s)", async (returnTo, expected) => {
    const { core, jar } = await signedIn();
    const response = await guard(core, jar, "/billing", { ...GUARD, returnTo });
    const request = new Request(`${APP}/auth/mfa/context`, {
      headers: { cookie: response.headers.getSetCookie()[0]!.split(";")[0]! },
    });
    expect(readPendingStepUp(core, createRequestCookieJar(request))?.returnTo).toBe(expected);
  });

  it("sends a visitor without a session to sign in first, coming back to the page", async () => {
    const { core } = createTestCore();
    const response = await guard(
      core,
      { get: () => undefined, getAll: () => [], set() {}, delete() {} },
      "/billing?a=1",
    );
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!);
    expect(location.pathname).toBe("/auth/login");
    expect(location.searchParams.get("returnTo")).toBe("/billing?a=1");
  });

  // Found by the fuzz: after a sign-out elsewhere revoked the refresh token, the
  // guard threw invalid_grant, which a proxy answers with a 500.
  it("sends a session whose refresh token the issuer refuses to sign in, clearing it", async () => {
    const { core, jar, fake } = await signedIn();
    fake.nextTokenAnswer = {
      status: 403,
      body: { error: "invalid_grant", error_description: "The refresh token was revoked" },
    };
    const response = await guard(core, jar, "/billing?a=1");
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!);
    expect([location.pathname, location.searchParams.get("returnTo")]).toEqual([
      "/auth/login",
      "/billing?a=1",
    ]);
    expect(setCookie(response, "__stepup_session")).toEqual(expect.arrayContaining(["Max-Age=0"]));
  });

  // Found by the fuzz: the issuer's cap on step-ups per minute made the guard throw (a 500).
  it("answers the issuer's too_many_attempts with a coded 429 and Retry-After", async () => {
    const { core, jar, fake } = await signedIn();
    fake.nextTokenAnswer = {
      status: 429,
      body: { error: "too_many_attempts", error_description: "Slow down", retry_after: 42 },
      headers: { "retry-after": "42" },
    };
    const response = await guard(core, jar, "/billing");
    expect([response.status, response.headers.get("retry-after")]).toEqual([429, "42"]);
    expect(await response.json()).toMatchObject({ error: "too_many_attempts", retry_after: 42 });
  });

  it("lets a stepped-up session through, handing the refreshed session to the page", async () => {
    const { core, jar, fake } = await signedIn();
    fake.mfaAudiences.delete(API); // the issuer now grants the token without MFA
    const response = await guard(core, jar, "/billing");
    expect(response.headers.get("x-middleware-next")).toBe("1");
    expect(response.headers.getSetCookie().some((h) => h.startsWith("__stepup_session="))).toBe(
      true,
    );
    // Next.js passes these overrides on to the page's request.
    expect(response.headers.get("x-middleware-override-headers")).toContain("cookie");
    const pageCookie = response.headers.get("x-middleware-request-cookie") ?? "";
    expect(pageCookie).toContain("__stepup_session=");
    expect(pageCookie).not.toBe(cookieHeader(jar));
  });

  it("refuses a stepUpPath that is not a same-origin path", async () => {
    const { core, jar } = await signedIn();
    await expect(
      guard(core, jar, "/billing", { ...GUARD, stepUpPath: "https://evil.example/step-up" }),
    ).rejects.toBeInstanceOf(TypeError);
  });
});
