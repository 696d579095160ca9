// Our issuer for the throughput benchmarks, served on node:http on loopback
// exactly as the CLI serves it. Started as a child process; prints one JSON
// line with what the load needs. argv: <families> [databaseUrl]
// (no databaseUrl: embedded PGlite in memory).
import { createHash, randomBytes } from "node:crypto";
import { URLSearchParams } from "node:url";

/* global Headers, Request */
import { createIssuer } from "../../dist/issuer/index.js";
import { serveForLoad } from "./serve-for-load.mjs";

const families = Number(process.argv[2] ?? 32);
const databaseUrl = process.argv[3];
const api = "https://api.example.com/payments";
const client = {
  clientId: "bench",
  clientSecret: "bench-client-secret-0123456789",
  redirectUris: ["http://localhost:3000/auth/callback"],
  // Every grant rotates, as oidc-provider's rotateRefreshToken does: with the
  // default 30 s reuse interval a family refreshed again within it is answered
  // its current token as is, which is less work than the peer's rotation.
  refreshTokens: { reuseInterval: 0 },
};
const user = { email: "bench@example.com", password: randomBytes(12).toString("base64url") };

const issuer = await createIssuer({
  issuer: "http://127.0.0.1",
  secret: randomBytes(32).toString("base64url"),
  clients: [client],
  apis: [{ audience: api, scopes: ["payments:write"] }],
  users: [user],
  ...(databaseUrl ? { databaseUrl } : {}),
  logger: () => {},
});
// The issuer's session cookies of the seeding sign-ins (single sign-on).
const cookies = new Map();
await serveForLoad(issuer, async () => {
  const refreshTokens = [];
  for (let i = 0; i < families; i += 1) refreshTokens.push(await signIn());
  return {
    client_id: client.clientId,
    client_secret: client.clientSecret,
    api,
    refreshTokens,
  };
});

// One authorization code flow, in process. The first one signs in with the
// password; later ones ride the issuer's login session (single sign-on), so
// seeding many refresh families costs one password hash, not one each.
async function signIn() {
  const verifier = randomBytes(32).toString("base64url");
  const authorize = new URL("http://127.0.0.1/authorize");
  authorize.search = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: client.redirectUris[0],
    response_type: "code",
    scope: "openid email offline_access",
    state: randomBytes(8).toString("base64url"),
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  });
  let response = await send(authorize.toString());
  for (let hop = 0; hop < 10; hop += 1) {
    const location = response.headers.get("location");
    if (location) {
      const target = new URL(location, "http://127.0.0.1");
      if (target.origin !== "http://127.0.0.1") return exchange(target, verifier);
      response = await send(target.toString());
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
    if (!action) throw new Error(`bench sign-in: no form (HTTP ${response.status})`);
    const body = new URLSearchParams();
    for (const input of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      if (name) body.set(name, /value="([^"]*)"/.exec(input[0])?.[1] ?? "");
    }
    body.set("email", user.email);
    body.set("password", user.password);
    response = await send(new URL(action.replace(/&amp;/g, "&"), "http://127.0.0.1").toString(), {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://127.0.0.1" },
    });
  }
  throw new Error("bench sign-in: too many redirects");
}

async function send(url, init = {}) {
  const headers = new Headers(init.headers);
  if (cookies.size) headers.set("cookie", [...cookies].map(([k, v]) => `${k}=${v}`).join("; "));
  const response = await issuer.handler(new Request(url, { ...init, headers, redirect: "manual" }));
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const index = pair.indexOf("=");
    cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
  }
  return response;
}

async function exchange(callback, verifier) {
  const code = callback.searchParams.get("code");
  if (!code) throw new Error(`bench sign-in: no code in ${callback}`);
  const response = await issuer.handler(
    new Request("http://127.0.0.1/oauth/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: client.redirectUris[0],
        code_verifier: verifier,
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }),
    }),
  );
  const body = await response.json();
  if (!body.refresh_token) throw new Error(`bench sign-in: ${JSON.stringify(body)}`);
  return body.refresh_token;
}
