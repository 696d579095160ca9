import { describe, expect, it } from "@jest/globals";
import { absorbSetCookies, cookieHeader } from "../../testing/browser-cookies.js";
import { APP, createTestCore, signIn } from "../../../test/fakes/sign-in.js";
import { MfaRequiredError } from "../../errors/index.js";
import { getAccessToken } from "../access-token.js";
import { createCookieJar, type CookieJar } from "../cookies/cookie-jar.js";
import type { Core } from "../core.js";
import { dispatch } from "./route-table.js";

const API = "https://api.example.com/payments";

async function call(core: Core, jar: CookieJar, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("cookie", cookieHeader(jar));
  const response = await dispatch(core, new Request(`${APP}${path}`, { ...init, headers }));
  if (!response) throw new Error(`no route for ${path}`);
  absorbSetCookies(jar, response);
  return response;
}

const post = (mfaToken: string, body: unknown, origin = APP): RequestInit => ({
  method: "POST",
  headers: { authorization: `Bearer ${mfaToken}`, origin, "content-type": "application/json" },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

async function steppedUp() {
  const env = createTestCore();
  env.fake.mfaAudiences.add(API);
  const { jar } = await signIn(env.core, env.fake, "/pay?x=1");
  const error = await getAccessToken(env.core, jar, { audience: API }).catch((e: unknown) => e);
  return { ...env, jar, mfaToken: (error as MfaRequiredError).mfaToken };
}

describe("/auth routes", () => {
  it("answers undefined for paths that are not ours", async () => {
    const { core } = createTestCore();
    await expect(dispatch(core, new Request(`${APP}/dashboard`))).resolves.toBeUndefined();
    await expect(dispatch(core, new Request(`${APP}/auth/nope`))).resolves.toBeUndefined();
  });

  it("login redirects with PKCE S256, state and nonce and a sealed transaction cookie", async () => {
    const { core } = createTestCore({
      authorizationParams: { audience: "https://api.example.com/x" },
    });
    const response = (await dispatch(core, new Request(`${APP}/auth/login?returnTo=//evil`)))!;
    expect(response.status).toBe(302);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const location = new URL(response.headers.get("location")!);
    expect(location.pathname).toBe("/authorize");
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: "app",
      response_type: "code",
      redirect_uri: `${APP}/auth/callback`,
      code_challenge_method: "S256",
      scope: "openid profile email offline_access",
      audience: "https://api.example.com/x",
    });
    expect(location.searchParams.get("state")).toBeTruthy();
    expect(location.searchParams.get("nonce")).toBeTruthy();
    const [cookie] = response.headers.getSetCookie();
    expect(cookie).toMatch(
      /^__stepup_session_txn=.+; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax$/,
    );
  });

  it("rejects a malformed login query", async () => {
    const { core } = createTestCore();
    const response = (await dispatch(core, new Request(`${APP}/auth/login?max_age=soon`)))!;
    expect(response.status).toBe(400);
    await expect(response.json()).resolves.toMatchObject({ error: "invalid_request" });
  });

  it("callback starts the session and redirects to the validated returnTo", async () => {
    const { core, fake } = createTestCore();
    const { jar, callback } = await signIn(core, fake, "/pay?x=1");
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe(`${APP}/pay?x=1`);
    expect(jar.get("__stepup_session_txn")).toBeUndefined();
    const profile = await call(core, jar, "/auth/profile");
    expect(profile.status).toBe(200);
    await expect(profile.json()).resolves.toMatchObject({
      sub: "user-1",
      email: "demo@example.com",
    });
  });

  it("callback without a transaction or with a wrong state is invalid_request", async () => {
    const { core, fake } = createTestCore();
    const jar = createCookieJar();
    const none = await call(core, jar, "/auth/callback?code=x&state=y");
    expect(none.status).toBe(400);
    await call(core, jar, "/auth/login");
    const wrong = await call(core, jar, `/auth/callback?code=${fake.issueCode("n")}&state=forged`);
    expect(wrong.status).toBe(400);
    await expect(wrong.json()).resolves.toMatchObject({ error: "invalid_request" });
  });

  it("profile is 401 unauthorized when signed out", async () => {
    const { core } = createTestCore();
    const response = await call(core, createCookieJar(), "/auth/profile");
    expect(response.status).toBe(401);
    expect(response.headers.get("cache-control")).toBe("no-store");
    await expect(response.json()).resolves.toMatchObject({ error: "unauthorized" });
  });

  it("logout clears the session and ends the issuer session", async () => {
    const { core, fake } = createTestCore();
    const { jar } = await signIn(core, fake);
    const response = await call(core, jar, "/auth/logout");
    const location = new URL(response.headers.get("location")!);
    expect(location.pathname).toBe("/oidc/logout");
    expect(location.searchParams.get("id_token_hint")).toBeTruthy();
    expect(location.searchParams.get("post_logout_redirect_uri")).toBe(`${APP}/`);
    expect(jar.getAll()).toEqual([]);
  });

  it.each(["cross-site", "same-site"])(
    "logout sent by another site (Sec-Fetch-Site: %s) signs nobody out: it asks first",
    async (site) => {
      const { core, fake } = createTestCore();
      const { jar } = await signIn(core, fake);
      const before = jar.getAll();
      const response = await call(
        core,
        jar,
        `/auth/logout?returnTo=${encodeURIComponent('/a"><img src=x>')}`,
        {
          headers: { "sec-fetch-site": site },
        },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(jar.getAll()).toEqual(before);
      const html = await response.text();
      // The return path arrives escaped, inside the form's own action only.
      expect(html).toContain(
        '<form method="post" action="/auth/logout?returnTo=%2Fa%2522%253E%253Cimg%2520src%3Dx%253E">',
      );
      expect(html).not.toContain("<img");
    },
  );

  it.each(["same-origin", "none"])(
    "logout started on the app or by the user (Sec-Fetch-Site: %s) signs out at once",
    async (site) => {
      const { core, fake } = createTestCore();
      const { jar } = await signIn(core, fake);
      const response = await call(core, jar, "/auth/logout", {
        headers: { "sec-fetch-site": site },
      });
      expect(response.status).toBe(302);
      expect(jar.getAll()).toEqual([]);
    },
  );

  it("the confirmation's POST signs out from our origin and is refused from any other", async () => {
    const { core, fake } = createTestCore();
    const { jar } = await signIn(core, fake);
    const before = jar.getAll();
    for (const headers of [
      { origin: "https://evil.example" } as Record<string, string>,
      { "sec-fetch-site": "cross-site", origin: APP },
      { "sec-fetch-site": "same-site" },
      {},
    ]) {
      const refused = await call(core, jar, "/auth/logout", { method: "POST", headers });
      expect(refused.status).toBe(403);
      await expect(refused.json()).resolves.toMatchObject({ error: "forbidden_origin" });
      expect(jar.getAll()).toEqual(before);
    }
    const response = await call(core, jar, "/auth/logout?returnTo=/bye", {
      method: "POST",
      headers: { origin: APP, "sec-fetch-site": "same-origin" },
    });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!);
    expect(location.pathname).toBe("/oidc/logout");
    expect(location.searchParams.get("post_logout_redirect_uri")).toBe(`${APP}/bye`);
    expect(jar.getAll()).toEqual([]);
  });

  it("runs the MFA routes in snake_case and stores the stepped-up token", async () => {
    const { core, jar, mfaToken } = await steppedUp();
    const list = await call(core, jar, "/auth/mfa/authenticators", {
      headers: { authorization: `Bearer ${mfaToken}` },
    });
    expect(list.headers.get("cache-control")).toBe("no-store");
    const authenticators = (await list.json()) as Array<Record<string, unknown>>;
    // Read by the server already: `type` is our factor, even where the issuer gives no channel.
    expect(authenticators.slice(0, 2)).toEqual([
      { id: "totp|1", authenticator_type: "otp", type: "otp", active: true },
      { id: "email|2", authenticator_type: "oob", type: "email", active: true },
    ]);

    const associate = await call(
      core,
      jar,
      "/auth/mfa/associate",
      post(mfaToken, { authenticator_types: ["otp"] }),
    );
    await expect(associate.json()).resolves.toMatchObject({
      barcode_uri: expect.any(String),
      recovery_codes: ["ABCD"],
    });

    // The `factor` form of the browser's `mfa.enroll`, as it sends it.
    const byFactor = await call(
      core,
      jar,
      "/auth/mfa/associate",
      post(mfaToken, { factor: "otp" }),
    );
    expect(byFactor.status).toBe(200);
    await expect(byFactor.json()).resolves.toMatchObject({ barcode_uri: expect.any(String) });

    const verify = await call(core, jar, "/auth/mfa/verify", post(mfaToken, { otp: "123456" }));
    expect(verify.status).toBe(200);
    await expect(verify.json()).resolves.toEqual({ success: true });
    expect(verify.headers.getSetCookie().some((c) => c.startsWith("__stepup_session"))).toBe(true);
    const token = await getAccessToken(core, jar, { audience: API });
    expect(JSON.parse(atob(token.token.split(".")[1]!)).amr).toContain("mfa");
  });

  it.each([
    [
      "a cross-origin POST",
      post("x", { otp: "123456" }, "https://evil.example"),
      403,
      "forbidden_origin",
    ],
    ["bad JSON", post("T", "{"), 400, "invalid_request"],
    ["a non-numeric otp", post("T", { otp: "abc" }), 400, "invalid_request"],
    ["two proofs", post("T", { otp: "123456", recovery_code: "x" }), 400, "invalid_request"],
    ["no bearer", { method: "POST", headers: { origin: APP }, body: "{}" }, 400, "invalid_request"],
    ["a tampered context", post("T", { otp: "123456" }), 401, "mfa_token_invalid"],
  ])("verify refuses %s", async (_name, init, status, code) => {
    const { core, jar, mfaToken } = await steppedUp();
    const headers = new Headers((init as RequestInit).headers);
    if (headers.get("authorization") === "Bearer T")
      headers.set("authorization", `Bearer ${mfaToken.slice(0, -3)}abc`);
    const response = await call(core, jar, "/auth/mfa/verify", {
      ...(init as RequestInit),
      headers,
    });
    expect(response.status).toBe(status);
    expect(response.headers.get("cache-control")).toBe("no-store");
    await expect(response.json()).resolves.toMatchObject({ error: code });
  });

  it.each([
    ["an unknown factor", { factor: "carrier-pigeon" }],
    ["sms without a number", { factor: "sms" }],
    ["a number that is not E.164", { factor: "voice", phone_number: "555-0100" }],
    ["a field the factor does not take", { factor: "push", email: "a@example.com" }],
    ["both forms at once", { factor: "otp", authenticator_types: ["otp"] }],
    ["an empty passkey name", { factor: "webauthn", name: " " }],
  ])("associate refuses %s", async (_name, body) => {
    const { core, jar, mfaToken } = await steppedUp();
    const response = await call(core, jar, "/auth/mfa/associate", post(mfaToken, body));
    expect(response.status).toBe(400);
    await expect(response.json()).resolves.toMatchObject({ error: "invalid_request" });
  });

  it("passes a 429 through with Retry-After", async () => {
    const { core, jar, mfaToken, fake } = await steppedUp();
    fake.nextTokenAnswer = {
      status: 429,
      body: { error: "too_many_attempts", retry_after: 42 },
      headers: { "retry-after": "42" },
    };
    const response = await call(core, jar, "/auth/mfa/verify", post(mfaToken, { otp: "123456" }));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("42");
    await expect(response.json()).resolves.toMatchObject({
      error: "too_many_attempts",
      retry_after: 42,
    });
  });

  it("answers 405 for a wrong method, with Allow (found by the fuzz: it was missing)", async () => {
    const { core } = createTestCore();
    const response = await call(core, createCookieJar(), "/auth/mfa/verify");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });
});
