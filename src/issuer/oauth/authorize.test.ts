import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createHash, randomBytes } from "node:crypto";
import {
  createTestUser,
  signInForTokens,
  startTestIssuer,
  type TestIssuer,
} from "../../testing/index.js";

let t: TestIssuer;
beforeAll(async () => {
  t = await startTestIssuer();
});
afterAll(() => t.close());

function authorizeUrl(overrides: Record<string, string | undefined> = {}): string {
  const params: Record<string, string | undefined> = {
    client_id: t.clientId,
    redirect_uri: t.redirectUri,
    response_type: "code",
    scope: "openid offline_access",
    state: "st",
    code_challenge: createHash("sha256")
      .update(randomBytes(32).toString("base64url"))
      .digest("base64url"),
    code_challenge_method: "S256",
    ...overrides,
  };
  const url = new URL(`${t.url}/authorize`);
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
}

async function submitLogin(
  page: Response,
  password: string,
  extraHeaders: Record<string, string> = {},
  email = t.user.email,
) {
  const html = await page.text();
  const transaction = /name="transaction" value="([^"]+)"/.exec(html)![1]!;
  return t.fetch(`${t.url}/login`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: cookiesOf(page),
      ...extraHeaders,
    },
    body: new URLSearchParams({ transaction, email, password }),
  });
}

describe("GET /authorize", () => {
  it.each([
    ["an unknown client_id", { client_id: "nobody" }],
    ["an unregistered redirect_uri", { redirect_uri: "http://evil.test/cb" }],
    ["a redirect_uri differing by a slash", { redirect_uri: "http://app.test/auth/callback/" }],
  ])("shows an HTML error page for %s, never redirecting", async (_name, overrides) => {
    const response = await t.fetch(authorizeUrl(overrides));
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(await response.text()).toContain('role="alert"');
  });

  it.each([
    ["response_type=token", { response_type: "token" }, "unsupported_response_type"],
    ["no code_challenge", { code_challenge: undefined }, "invalid_request"],
    ["code_challenge_method=plain", { code_challenge_method: "plain" }, "invalid_request"],
    ["an unknown audience", { audience: "https://nope.example" }, "invalid_request"],
    ["an unknown scope", { scope: "openid admin" }, "invalid_scope"],
  ])("redirects %s back with error and state", async (_name, overrides, error) => {
    const response = await t.fetch(authorizeUrl(overrides));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(t.redirectUri);
    expect(location.searchParams.get("error")).toBe(error);
    expect(location.searchParams.get("state")).toBe("st");
  });

  it("renders an accessible login form without scripts or external resources", async () => {
    const response = await t.fetch(authorizeUrl());
    const html = await response.text();
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(html).toMatch(/<label for="email">Email<\/label>/);
    expect(html).toMatch(/<label for="password">Password<\/label>/);
    expect(html).toMatch(/<input id="email" name="email"/);
    expect(html).toMatch(/<input id="password" name="password" type="password"/);
    expect(html).toMatch(/<button type="submit">Continue<\/button>/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!issuer\.test)/);
  });

  // Chromium checks form-action on the redirect after the post, so the
  // client's registered origin must be allowed, and nothing else.
  it("lets the login form redirect to the client's origin only", async () => {
    const response = await t.fetch(authorizeUrl());
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("form-action 'self' http://app.test;");
    const retry = await submitLogin(response, "wrong");
    expect(retry.headers.get("content-security-policy")).toContain(
      "form-action 'self' http://app.test;",
    );
  });
});

describe("hosted login", () => {
  it("announces a wrong password with role=alert", async () => {
    const response = await submitLogin(await t.fetch(authorizeUrl()), "wrong");
    expect(response.status).toBe(401);
    expect(await response.text()).toMatch(/role="alert"[^>]*>Wrong email or password/);
  });

  it("refuses a form posted without the browser's cookie (login CSRF)", async () => {
    const page = await t.fetch(authorizeUrl());
    const html = await page.text();
    const transaction = /name="transaction" value="([^"]+)"/.exec(html)![1]!;
    const response = await t.fetch(`${t.url}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ transaction, email: t.user.email, password: t.user.password }),
    });
    expect(response.status).toBe(400);
  });

  it("refuses a cross-site Origin", async () => {
    const response = await submitLogin(await t.fetch(authorizeUrl()), t.user.password, {
      origin: "http://evil.test",
    });
    expect(response.status).toBe(403);
  });

  it("redirects with code, state and iss; the session skips the password unless prompt=login; logout ends it", async () => {
    const login = await submitLogin(await t.fetch(authorizeUrl()), t.user.password);
    expect(login.status).toBe(302);
    const callback = new URL(login.headers.get("location")!);
    expect(callback.searchParams.get("code")).toEqual(expect.any(String));
    expect(callback.searchParams.get("state")).toBe("st");
    expect(callback.searchParams.get("iss")).toBe(t.url);
    const sessionCookie = login.headers
      .getSetCookie()
      .find((line) => line.startsWith("stepup_issuer_session="))!;
    expect(sessionCookie).toMatch(/HttpOnly/);
    expect(sessionCookie).toMatch(/SameSite=Lax/);
    const cookie = sessionCookie.split(";")[0]!;

    const silent = await t.fetch(authorizeUrl(), { headers: { cookie } });
    expect(silent.status).toBe(302);
    expect(new URL(silent.headers.get("location")!).searchParams.get("code")).toEqual(
      expect.any(String),
    );
    expect((await t.fetch(authorizeUrl({ prompt: "login" }), { headers: { cookie } })).status).toBe(
      200,
    );
    t.clock.advance(20);
    expect((await t.fetch(authorizeUrl({ max_age: "10" }), { headers: { cookie } })).status).toBe(
      200,
    );

    const badLogout = await t.fetch(
      `${t.url}/oidc/logout?client_id=${t.clientId}&post_logout_redirect_uri=${encodeURIComponent("http://evil.test/")}`,
      { headers: { cookie } },
    );
    expect(badLogout.status).toBe(400);
    // No id_token_hint, and another site's navigation: the issuer asks, ends nothing.
    const logoutUrl = `${t.url}/oidc/logout?client_id=${t.clientId}&post_logout_redirect_uri=${encodeURIComponent(t.postLogoutRedirectUri)}&state=s1`;
    const asked = await t.fetch(logoutUrl, {
      headers: { cookie, "sec-fetch-site": "cross-site" },
    });
    expect(asked.status).toBe(200);
    expect(asked.headers.get("content-security-policy")).toContain(
      `form-action 'self' ${new URL(t.postLogoutRedirectUri).origin}`,
    );
    const form = await asked.text();
    expect(form).toContain(`<form method="post" action="${t.url}/oidc/logout">`);
    expect((await t.fetch(authorizeUrl(), { headers: { cookie } })).status).toBe(302);

    // The confirmation's post: refused from another origin, accepted from ours.
    const fields = new URLSearchParams({
      client_id: t.clientId,
      post_logout_redirect_uri: t.postLogoutRedirectUri,
      state: "s1",
    });
    const post = (origin: string) =>
      t.fetch(`${t.url}/oidc/logout`, {
        method: "POST",
        headers: { cookie, origin, "content-type": "application/x-www-form-urlencoded" },
        body: fields,
      });
    expect((await post("http://evil.test")).status).toBe(403);
    expect((await t.fetch(authorizeUrl(), { headers: { cookie } })).status).toBe(302);
    const logout = await post(new URL(t.url).origin);
    expect(logout.status).toBe(302);
    expect(logout.headers.get("location")).toBe(`${t.postLogoutRedirectUri}?state=s1`);
    expect((await t.fetch(authorizeUrl(), { headers: { cookie } })).status).toBe(200);
  });

  it("signs out at once for an id_token_hint of the session's user or the user's own navigation, and asks otherwise", async () => {
    // Each sign-in is a new issuer session; its cookie is what a browser would hold.
    const sessionOf = async (user: { email: string; password: string } = t.user) => {
      const login = await submitLogin(await t.fetch(authorizeUrl()), user.password, {}, user.email);
      return cookiesOf(login)
        .split("; ")
        .find((pair) => pair.startsWith("stepup_issuer_session="))!;
    };
    const stillSignedIn = async (cookie: string) =>
      (await t.fetch(authorizeUrl(), { headers: { cookie } })).status === 302;
    const logout = (
      cookie: string,
      query: Record<string, string>,
      headers: Record<string, string> = {},
    ) =>
      t.fetch(`${t.url}/oidc/logout?${new URLSearchParams(query)}`, {
        headers: { cookie, ...headers },
      });

    const { id_token: idToken } = await signInForTokens(t);
    const hint = { id_token_hint: idToken! };
    // A genuine hint, but for another user than this browser's session: ask.
    const other = await sessionOf(await createTestUser(t));
    await expect((await logout(other, hint)).text()).resolves.toContain("Sign out?");
    expect(await stillSignedIn(other)).toBe(true);
    // No hint, another site's navigation: ask.
    const mine = await sessionOf();
    await logout(mine, {}, { "sec-fetch-site": "cross-site" });
    expect(await stillSignedIn(mine)).toBe(true);
    // The session's own user's hint: at once.
    await expect((await logout(mine, hint)).text()).resolves.toContain("You are signed out.");
    expect(await stillSignedIn(mine)).toBe(false);
    // The user's own navigation (typed, or from the issuer's pages): at once.
    for (const site of ["none", "same-origin"]) {
      const session = await sessionOf();
      await logout(session, {}, { "sec-fetch-site": site });
      expect(await stillSignedIn(session)).toBe(false);
    }
  });
});
