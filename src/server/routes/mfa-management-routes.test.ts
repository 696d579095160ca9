import { describe, expect, it } from "@jest/globals";
import { absorbSetCookies, cookieHeader } from "../../testing/browser-cookies.js";
import { createMfaApiTestCore, MFA_AUDIENCE } from "../../../test/fakes/fake-mfa-api.js";
import { APP, signIn } from "../../../test/fakes/sign-in.js";
import { createCookieJar, type CookieJar } from "../cookies/cookie-jar.js";
import type { Core } from "../core.js";
import { dispatch } from "./route-table.js";

async function call(core: Core, jar: CookieJar, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("cookie", cookieHeader(jar));
  const response = await dispatch(core, new Request(`${APP}${path}`, { ...init, headers }));
  if (!response) throw new Error(`no route for ${path}`);
  absorbSetCookies(jar, response);
  return response;
}

async function setup(mfaApiNeedsStepUp = false) {
  const env = createMfaApiTestCore();
  if (mfaApiNeedsStepUp) env.fake.mfaAudiences.add(MFA_AUDIENCE);
  const { jar } = await signIn(env.core, env.fake);
  return { ...env, jar };
}

const DELETE_TOTP = "/auth/mfa/authenticators/totp%7Cabc";

describe("session-authenticated MFA routes", () => {
  it("DELETE /auth/mfa/authenticators/{id} answers 204 no-store and removes it", async () => {
    const { core, jar, api } = await setup();
    const response = await call(core, jar, DELETE_TOTP, {
      method: "DELETE",
      headers: { origin: APP },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(api.deleted).toEqual(["totp|abc"]);
  });

  it("answers 403 mfa_required with a sealed context the verify route accepts", async () => {
    const { core, jar, api } = await setup(true);
    const response = await call(core, jar, DELETE_TOTP, {
      method: "DELETE",
      headers: { origin: APP },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error: "mfa_required", audience: MFA_AUDIENCE });
    // Sealed (a JWE), never the issuer's raw mfa_token.
    expect(String(body.mfa_token).split(".")).toHaveLength(5);
    const verify = await call(core, jar, "/auth/mfa/verify", {
      method: "POST",
      headers: {
        origin: APP,
        authorization: `Bearer ${String(body.mfa_token)}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ otp: "123456" }),
    });
    expect(verify.status).toBe(200);
    const retry = await call(core, jar, DELETE_TOTP, {
      method: "DELETE",
      headers: { origin: APP },
    });
    expect(retry.status).toBe(204);
    expect(api.deleted).toEqual(["totp|abc"]);
  });

  it.each([
    ["DELETE", DELETE_TOTP],
    ["POST", "/auth/mfa/recovery-codes"],
  ])("%s %s refuses a cross-origin request and a missing session", async (method, path) => {
    const { core, jar, api } = await setup();
    const foreign = await call(core, jar, path, {
      method,
      headers: { origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    await expect(foreign.json()).resolves.toMatchObject({ error: "forbidden_origin" });
    const signedOut = await call(core, createCookieJar(), path, {
      method,
      headers: { origin: APP },
    });
    expect(signedOut.status).toBe(401);
    await expect(signedOut.json()).resolves.toMatchObject({ error: "unauthorized" });
    expect(api.calls).toHaveLength(0);
  });

  it("an mfa context bearer is not a credential for the session routes", async () => {
    const { core, api } = await setup();
    const response = await call(core, createCookieJar(), DELETE_TOTP, {
      method: "DELETE",
      headers: { origin: APP, authorization: "Bearer anything" },
    });
    expect(response.status).toBe(401);
    expect(api.calls).toHaveLength(0);
  });

  it("refuses a malformed id with invalid_request and other methods with 405", async () => {
    const { core, jar } = await setup();
    const bad = await call(core, jar, "/auth/mfa/authenticators/%E0%A4%A", {
      method: "DELETE",
      headers: { origin: APP },
    });
    expect(bad.status).toBe(400);
    await expect(bad.json()).resolves.toMatchObject({ error: "invalid_request" });
    const get = await call(core, jar, DELETE_TOTP);
    expect(get.status).toBe(405);
  });

  it("POST /auth/mfa/recovery-codes answers the new set; 429 keeps Retry-After", async () => {
    const { core, jar, api } = await setup();
    const response = await call(core, jar, "/auth/mfa/recovery-codes", {
      method: "POST",
      headers: { origin: APP },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    await expect(response.json()).resolves.toEqual({ recovery_codes: ["NEW1-CODE", "NEW2-CODE"] });

    api.nextAnswer = { status: 429, body: { error: "too_many_attempts", retry_after: 12 } };
    const limited = await call(core, jar, "/auth/mfa/recovery-codes", {
      method: "POST",
      headers: { origin: APP },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("12");
    await expect(limited.json()).resolves.toMatchObject({
      error: "too_many_attempts",
      retry_after: 12,
    });
  });

  it("GET /auth/mfa/factors answers {factors}, signed-in only", async () => {
    const { core, jar } = await setup();
    const response = await call(core, jar, "/auth/mfa/factors");
    expect(response.status).toBe(200);
    await expect(response.json()).resolves.toEqual({ factors: ["otp"] });
    expect((await call(core, createCookieJar(), "/auth/mfa/factors")).status).toBe(401);
  });
});
