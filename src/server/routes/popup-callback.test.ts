import { describe, expect, it } from "@jest/globals";
import { absorbSetCookies, cookieHeader } from "../../testing/browser-cookies.js";
import { CLIENT_ID, FAKE_ISSUER, fakeJwt } from "../../../test/fakes/fake-issuer.js";
import { APP, createTestCore, signIn } from "../../../test/fakes/sign-in.js";
import { isPopupMessageFor, type PopupMessage } from "../../shared/popup-message.js";
import { createCookieJar, type CookieJar } from "../cookies/cookie-jar.js";
import type { Core } from "../core.js";
import { dispatch } from "./route-table.js";

const API = "https://api.example.com/payments";
const NONCE = "popup-nonce-0123456789abcdef";

async function call(core: Core, jar: CookieJar, path: string) {
  const response = await dispatch(
    core,
    new Request(`${APP}${path}`, { headers: { cookie: cookieHeader(jar) } }),
  );
  if (!response) throw new Error(`no route for ${path}`);
  absorbSetCookies(jar, response);
  return response;
}

/** Starts a popup login and returns the /authorize URL it redirected to. */
async function startPopup(
  core: Core,
  jar: CookieJar,
  query = `audience=${encodeURIComponent(API)}`,
) {
  const login = await call(core, jar, `/auth/login?popup=1&popup_nonce=${NONCE}&${query}`);
  expect(login.status).toBe(302);
  return new URL(login.headers.get("location")!);
}

/** The token endpoint's next answer: tokens for `aud`, an ID token for `sub` echoing `nonce`. */
function codeGrantAnswer(nonce: string, sub: string, aud: string) {
  const iat = Math.floor(Date.now() / 1000);
  return {
    status: 200,
    body: {
      access_token: fakeJwt({ aud, sub, amr: ["pwd", "mfa", "otp"] }),
      id_token: fakeJwt({ iss: FAKE_ISSUER, aud: CLIENT_ID, sub, iat, exp: iat + 600, nonce }),
      refresh_token: "rt-popup",
      token_type: "Bearer",
      expires_in: 600,
    },
  };
}

/** The message the page's script posts, and its CSP checked against the script's hash. */
async function readPage(response: Response): Promise<{ html: string; message: PopupMessage }> {
  const html = await response.text();
  const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? "";
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(script));
  const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
  expect(response.headers.get("content-type")).toMatch(/^text\/html/);
  expect(response.headers.get("content-security-policy")).toBe(
    `default-src 'none'; script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  );
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(script).toContain(`postMessage(m,"${APP}")`);
  expect(script).toContain(`new BroadcastChannel("next-stepup:popup:${NONCE}")`);
  const message: unknown = JSON.parse(/var m=(\{[^;]*\}),sent/.exec(script)?.[1] ?? "null");
  if (!isPopupMessageFor(message, NONCE)) throw new Error(`no popup message in ${script}`);
  return { html, message };
}

describe("/auth/login?popup=1", () => {
  it.each([
    ["popup=1 without a nonce", "popup=1"],
    ["a nonce without popup=1", `popup_nonce=${NONCE}`],
    ["a short nonce", "popup=1&popup_nonce=abc"],
    ["a nonce with other characters", `popup=1&popup_nonce=${NONCE}%3Cx`],
    ["popup=true", `popup=true&popup_nonce=${NONCE}`],
    ["a bad max_age", `popup=1&popup_nonce=${NONCE}&max_age=-1`],
  ])("refuses %s with invalid_request", async (_name, query) => {
    const { core } = createTestCore();
    const jar = createCookieJar();
    const response = await call(core, jar, `/auth/login?${query}`);
    expect(response.status).toBe(400);
    await expect(response.json()).resolves.toMatchObject({ error: "invalid_request" });
    expect(jar.getAll()).toEqual([]);
  });

  it("passes audience, scope, acr_values, max_age and prompt on to /authorize", async () => {
    const { core } = createTestCore();
    const authorize = await startPopup(
      core,
      createCookieJar(),
      `audience=${encodeURIComponent(API)}&scope=payments%3Awrite&acr_values=http%3A%2F%2Fschemas.openid.net%2Fpape%2Fpolicies%2F2007%2F06%2Fmulti-factor&max_age=0&prompt=login`,
    );
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      audience: API,
      // The API's scope comes on top of the login's: the callback needs an ID token.
      scope: "openid profile email offline_access payments:write",
      acr_values: "http://schemas.openid.net/pape/policies/2007/06/multi-factor",
      max_age: "0",
      prompt: "login",
      redirect_uri: `${APP}/auth/callback`,
    });
    // The opener's nonce stays in the sealed transaction cookie, not on the issuer's URL.
    expect(authorize.search).not.toContain(NONCE);
  });
});

describe("/auth/callback in popup mode", () => {
  async function signedInPopup() {
    const env = createTestCore();
    const { jar } = await signIn(env.core, env.fake);
    const before = (await env.core.sessions.read(jar))!;
    const authorize = await startPopup(env.core, jar);
    const nonce = authorize.searchParams.get("nonce")!;
    const state = authorize.searchParams.get("state")!;
    return { ...env, jar, before, nonce, state };
  }

  it("merges the audience's token into the existing session and reports ok", async () => {
    const { core, fake, jar, before, nonce, state } = await signedInPopup();
    fake.nextTokenAnswer = codeGrantAnswer(nonce, before.user.sub, API);
    const response = await call(core, jar, `/auth/callback?code=c&state=${state}`);
    expect(response.status).toBe(200);
    const { html, message } = await readPage(response);
    expect(message).toEqual({ type: "next-stepup:popup", nonce: NONCE, ok: true });
    // No token of any kind reaches the page.
    expect(html).not.toMatch(/eyJ|rt-popup|access_token/);

    const after = (await core.sessions.read(jar))!;
    expect(after.sid).toBe(before.sid);
    expect(after.createdAt).toBe(before.createdAt);
    expect(after.refreshToken).toBe("rt-popup");
    expect(after.tokenSets).toHaveLength(1);
    expect(after.tokenSets[0]).toMatchObject({ audience: API, scope: "" });
  });

  it("keeps the session's other token sets", async () => {
    const { core, fake, jar, before, nonce, state } = await signedInPopup();
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    const other = { audience: "https://other.example", scope: "", accessToken: "x", expiresAt };
    await core.sessions.write(jar, { ...before, tokenSets: [other] });
    fake.nextTokenAnswer = codeGrantAnswer(nonce, before.user.sub, API);
    await call(core, jar, `/auth/callback?code=c&state=${state}`);
    const after = (await core.sessions.read(jar))!;
    expect(after.tokenSets.map((set) => set.audience).sort()).toEqual([API, other.audience]);
  });

  it("files no token set when the issuer answered with a token for another audience", async () => {
    const { core, fake, jar, before, nonce, state } = await signedInPopup();
    fake.nextTokenAnswer = codeGrantAnswer(nonce, before.user.sub, `${FAKE_ISSUER}/userinfo`);
    const response = await call(core, jar, `/auth/callback?code=c&state=${state}`);
    const { message } = await readPage(response);
    expect(message.ok).toBe(true);
    const after = (await core.sessions.read(jar))!;
    expect(after.sid).toBe(before.sid);
    expect(after.tokenSets).toEqual([]);
    // The rotated refresh token carries the fresh authentication; it is kept.
    expect(after.refreshToken).toBe("rt-popup");
  });

  it("refuses a popup login as another user with user_mismatch and leaves the session", async () => {
    const { core, fake, jar, before, nonce, state } = await signedInPopup();
    const sealedBefore = jar.get("__stepup_session");
    fake.nextTokenAnswer = codeGrantAnswer(nonce, "someone-else", API);
    const response = await call(core, jar, `/auth/callback?code=c&state=${state}`);
    expect(response.status).toBe(403);
    const { message } = await readPage(response);
    expect(message).toMatchObject({ ok: false, error: { error: "user_mismatch" } });
    expect(response.headers.getSetCookie().some((c) => c.startsWith("__stepup_session="))).toBe(
      false,
    );
    expect(jar.get("__stepup_session")).toBe(sealedBefore);
    expect((await core.sessions.read(jar))?.user.sub).toBe(before.user.sub);
  });

  it("reports the issuer's error to the opener", async () => {
    const { core, jar, state } = await signedInPopup();
    const response = await call(core, jar, `/auth/callback?error=access_denied&state=${state}`);
    const { message } = await readPage(response);
    expect(message).toMatchObject({ ok: false, error: { error: "access_denied" } });
  });

  it("reports a forged state as invalid_request", async () => {
    const { core, jar } = await signedInPopup();
    const response = await call(core, jar, `/auth/callback?code=c&state=forged`);
    expect(response.status).toBe(400);
    const { message } = await readPage(response);
    expect(message).toMatchObject({ ok: false, error: { error: "invalid_request" } });
  });

  it("uses the nonce once: a replayed callback finds no transaction", async () => {
    const { core, fake, jar, before, nonce, state } = await signedInPopup();
    fake.nextTokenAnswer = codeGrantAnswer(nonce, before.user.sub, API);
    await call(core, jar, `/auth/callback?code=c&state=${state}`);
    const again = await call(core, jar, `/auth/callback?code=c&state=${state}`);
    expect(again.status).toBe(400);
    expect(again.headers.get("content-type")).toMatch(/^application\/json/);
    await expect(again.text()).resolves.not.toContain(NONCE);
  });

  it("starts a session when the popup was opened signed out", async () => {
    const { core, fake } = createTestCore();
    const jar = createCookieJar();
    const authorize = await startPopup(core, jar);
    fake.nextTokenAnswer = codeGrantAnswer(authorize.searchParams.get("nonce")!, "user-1", API);
    const response = await call(
      core,
      jar,
      `/auth/callback?code=c&state=${authorize.searchParams.get("state")}`,
    );
    const { message } = await readPage(response);
    expect(message.ok).toBe(true);
    const session = (await core.sessions.read(jar))!;
    expect(session.user.sub).toBe("user-1");
    expect(session.tokenSets[0]?.audience).toBe(API);
  });

  it("escapes the error text so it cannot close the script", async () => {
    const { core, jar, state } = await signedInPopup();
    const response = await call(
      core,
      jar,
      `/auth/callback?error=access_denied&error_description=${encodeURIComponent("</script><script>alert(1)</script>")}&state=${state}`,
    );
    const html = await response.text();
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).not.toContain("alert(1)</script>");
  });
});
