import { describe, expect, it } from "@jest/globals";
import { AuthClient, createCookieJar } from "../server/index.js";
import { mintSessionCookie } from "./mint-session-cookie.js";

const SECRET = "a-test-secret-that-is-at-least-32-characters-long";
const API = "https://api.example.com/reports";

/** An AuthClient whose issuer must never be reached: a minted session needs no network. */
function offlineAuth(secret = SECRET) {
  return new AuthClient({
    issuerBaseUrl: "http://issuer.test",
    clientId: "app",
    clientSecret: "s",
    secret,
    appBaseUrl: "http://app.test",
    fetch: async () => {
      throw new TypeError("no network in this test");
    },
  });
}

const profile = (auth: AuthClient, cookie: string) =>
  auth.handler(new Request("http://app.test/auth/profile", { headers: { cookie } }));

describe("mintSessionCookie", () => {
  it("is accepted by getSession, the /auth routes and getAccessToken", async () => {
    const minted = await mintSessionCookie({
      secret: SECRET,
      user: { sub: "user-1", email: "a@example.com", name: "Ada" },
      tokens: { accessTokens: [{ audience: API, token: "at-1", scope: "read write" }] },
    });
    const auth = offlineAuth();
    const jar = createCookieJar(minted.cookies);
    await expect(auth.getSession({ cookies: jar })).resolves.toEqual({
      user: { sub: "user-1", email: "a@example.com", name: "Ada" },
    });
    const response = (await profile(auth, minted.cookie))!;
    expect(response.status).toBe(200);
    await expect(response.json()).resolves.toMatchObject({ sub: "user-1" });
    await expect(
      auth.getAccessToken({ audience: API, scope: "write read" }, { cookies: jar }),
    ).resolves.toMatchObject({ token: "at-1", audience: API });
  });

  it("gives Set-Cookie lines as the login would", async () => {
    const { setCookie } = await mintSessionCookie({ secret: SECRET, user: { sub: "u" } });
    expect(setCookie).toHaveLength(1);
    expect(setCookie[0]).toMatch(
      /^__stepup_session=[\w.-]+; Path=\/; Max-Age=86400; HttpOnly; SameSite=Lax$/,
    );
  });

  it("is refused when tampered with or sealed with another secret", async () => {
    const minted = await mintSessionCookie({ secret: SECRET, user: { sub: "user-1" } });
    const value = minted.cookies[0]!.value;
    const flipped = `${value.slice(0, -5)}${value.at(-5) === "A" ? "B" : "A"}${value.slice(-4)}`;
    const auth = offlineAuth();
    const tampered = createCookieJar([{ name: minted.cookies[0]!.name, value: flipped }]);
    await expect(auth.getSession({ cookies: tampered })).resolves.toBeNull();
    expect((await profile(auth, `${minted.cookies[0]!.name}=${flipped}`))!.status).toBe(401);

    const other = offlineAuth("another-secret-that-is-at-least-32-characters");
    await expect(
      other.getSession({ cookies: createCookieJar(minted.cookies) }),
    ).resolves.toBeNull();
  });

  it("chunks a large session, and the chunks are accepted together", async () => {
    const minted = await mintSessionCookie({
      secret: SECRET,
      user: { sub: "user-1" },
      tokens: { refreshToken: "r".repeat(3000), idToken: "i".repeat(6000) },
    });
    expect(minted.cookies.length).toBeGreaterThan(1);
    minted.cookies.forEach((c, index) => expect(c.name).toBe(`__stepup_session.${index}`));
    expect(minted.setCookie).toHaveLength(minted.cookies.length);
    expect((await profile(offlineAuth(), minted.cookie))!.status).toBe(200);
  });

  it("honours a custom cookie name and clock, and refuses bad input", async () => {
    const past = Date.now() - 2 * 24 * 3600 * 1000;
    const stale = await mintSessionCookie({
      secret: SECRET,
      user: { sub: "u" },
      cookieName: "sid",
      clock: () => past,
    });
    expect(stale.cookies[0]!.name).toBe("sid");
    const auth = new AuthClient({
      issuerBaseUrl: "http://issuer.test",
      clientId: "app",
      clientSecret: "s",
      secret: SECRET,
      appBaseUrl: "http://app.test",
      cookie: { name: "sid" },
    });
    // Minted two days ago: past the default one-day rolling limit.
    await expect(auth.getSession({ cookies: createCookieJar(stale.cookies) })).resolves.toBeNull();
    await expect(mintSessionCookie({ secret: "short", user: { sub: "u" } })).rejects.toThrow(
      TypeError,
    );
    await expect(mintSessionCookie({ secret: SECRET, user: { sub: "" } })).rejects.toThrow(
      TypeError,
    );
  });
});
