// Cached getAccessToken on the per-request path: a request arrives with the
// session cookie; the app asks for the token of one of three APIs. Both SDKs
// get the same session contents (user, ID token, refresh token, three access
// tokens of realistic size) and a fresh NextRequest per call, and neither may
// touch the network: every token is valid for an hour.
import { Auth0Client } from "@auth0/nextjs-auth0/server";
import { NextRequest, NextResponse } from "next/server.js";
import { AuthClient } from "../dist/server/index.js";
import { mintSessionCookie } from "../dist/testing/index.js";
import { encrypt } from "../node_modules/@auth0/nextjs-auth0/dist/server/cookies.js";
import { measureInterleaved } from "./measure.mjs";

const secret = "a-benchmark-secret-of-at-least-32-characters";
const appBaseUrl = "http://localhost:3000";
const audiences = [
  "https://api.example.com/payments",
  "https://api.example.com/orders",
  "https://api.example.com/reports",
];
const jwt = (n) =>
  "eyJhbGciOiJSUzI1NiJ9." + `${n}`.repeat(600).slice(0, 600) + "." + "y".repeat(342);
const user = { sub: "auth0|123", email: "demo@example.com", name: "Demo User" };
const idToken = jwt(9);
const refreshToken = "r".repeat(43);
const now = () => Math.floor(Date.now() / 1000);

async function ourCookie() {
  const minted = await mintSessionCookie({
    secret,
    user,
    tokens: {
      idToken,
      refreshToken,
      accessTokens: audiences.map((audience, i) => ({
        audience,
        token: jwt(i),
        expiresAt: now() + 3600,
      })),
    },
  });
  return minted.cookie;
}

async function auth0Cookie() {
  const expiresAt = now() + 3600;
  const session = {
    user,
    tokenSet: {
      accessToken: jwt(0),
      idToken,
      refreshToken,
      expiresAt,
      audience: audiences[0],
      scope: "openid profile email offline_access",
    },
    accessTokens: audiences.slice(1).map((audience, i) => ({
      accessToken: jwt(i + 1),
      audience,
      scope: "openid profile email offline_access",
      requestedScope: "openid profile email offline_access",
      expiresAt,
    })),
    internal: { sid: "0123456789abcdef", createdAt: now() },
  };
  return `__session=${await encrypt(session, secret, now() + 86400)}`;
}

/** A CookieJar over a NextRequest, as next/headers' cookies() gives a route handler. */
function jarOf(request) {
  return {
    get: (name) => request.cookies.get(name)?.value,
    getAll: () => request.cookies.getAll().map(({ name, value }) => ({ name, value })),
    set() {},
    delete() {},
  };
}

export async function benchGetAccessToken() {
  const ours = new AuthClient({
    issuerBaseUrl: "http://localhost:4000",
    clientId: "bench",
    clientSecret: "bench-client-secret-0123456789",
    secret,
    appBaseUrl,
  });
  const theirs = new Auth0Client({
    domain: "bench.example.auth0.com",
    clientId: "bench",
    clientSecret: "bench-client-secret-0123456789",
    secret,
    appBaseUrl,
    authorizationParameters: {
      audience: audiences[0],
      scope: "openid profile email offline_access",
    },
  });
  const [oursCookie, theirsCookie] = await Promise.all([ourCookie(), auth0Cookie()]);
  const request = (cookie) => new NextRequest(`${appBaseUrl}/api/orders`, { headers: { cookie } });

  let i = 0;
  const pick = () => audiences[i++ % audiences.length];
  // Sanity: each answers the token of the asked API, from the session.
  const check = await ours.getAccessToken(
    { audience: audiences[1] },
    { cookies: jarOf(request(oursCookie)) },
  );
  const checkTheirs = await theirs.getAccessToken(request(theirsCookie), NextResponse.next(), {
    audience: audiences[1],
  });
  if (check.token !== jwt(1) || checkTheirs.token !== jwt(1)) {
    throw new Error("getAccessToken bench: an SDK did not answer the cached token");
  }

  return measureInterleaved([
    [
      "next-stepup getAccessToken (cached)",
      () => ours.getAccessToken({ audience: pick() }, { cookies: jarOf(request(oursCookie)) }),
    ],
    [
      "nextjs-auth0 getAccessToken (cached)",
      () => theirs.getAccessToken(request(theirsCookie), NextResponse.next(), { audience: pick() }),
    ],
    // One request that reads the session and two tokens: the three reads share one open.
    [
      "next-stepup getSession + 2 getAccessToken",
      async () => {
        const cookies = jarOf(request(oursCookie));
        await ours.getSession({ cookies });
        await ours.getAccessToken({ audience: audiences[0] }, { cookies });
        await ours.getAccessToken({ audience: audiences[2] }, { cookies });
      },
    ],
    [
      "nextjs-auth0 getSession + 2 getAccessToken",
      async () => {
        const req = request(theirsCookie);
        const res = NextResponse.next();
        await theirs.getSession(req);
        await theirs.getAccessToken(req, res, { audience: audiences[0] });
        await theirs.getAccessToken(req, res, { audience: audiences[2] });
      },
    ],
  ]);
}
