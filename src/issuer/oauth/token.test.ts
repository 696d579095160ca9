/* eslint-disable @typescript-eslint/no-explicit-any -- wire JSON is read loosely here; the assertions check its shape. */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createHash, randomBytes } from "node:crypto";
import { createLocalJWKSet, jwtVerify } from "jose";
import {
  signInForTokens,
  signInThroughHostedLogin,
  startTestIssuer,
  type TestIssuer,
} from "../../testing/index.js";

// One issuer per file; each test signs in anew, so tests share no tokens.
let t: TestIssuer;
beforeAll(async () => {
  t = await startTestIssuer();
});
afterAll(() => t.close());

type Answer = { status: number; headers: Headers; body: any };
async function post(
  path: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await t.fetch(`${t.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(params),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}
const creds = () => ({ client_id: t.clientId, client_secret: t.clientSecret });
const refresh = (refreshToken: string, extra: Record<string, string> = {}) =>
  post("/oauth/token", {
    ...creds(),
    grant_type: "refresh_token",
    refresh_token: refreshToken,
    ...extra,
  });

async function authorizationCode(): Promise<{ code: string; verifier: string }> {
  const verifier = randomBytes(32).toString("base64url");
  const url = new URL(`${t.url}/authorize`);
  url.search = new URLSearchParams({
    client_id: t.clientId,
    redirect_uri: t.redirectUri,
    response_type: "code",
    scope: "openid email offline_access",
    state: "s",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  const callback = await signInThroughHostedLogin({
    authorizeUrl: url.toString(),
    fetch: t.fetch,
    ...t.user,
  });
  return { code: new URL(callback).searchParams.get("code")!, verifier };
}
const exchange = (code: string, verifier: string, extra: Record<string, string> = {}) =>
  post("/oauth/token", {
    ...creds(),
    grant_type: "authorization_code",
    code,
    code_verifier: verifier,
    redirect_uri: t.redirectUri,
    ...extra,
  });

describe("token endpoint: request errors", () => {
  it.each<[string, () => Promise<Answer>, number, string]>([
    ["no grant_type", () => post("/oauth/token", creds()), 400, "invalid_request"],
    [
      "an unknown grant_type",
      () => post("/oauth/token", { ...creds(), grant_type: "password" }),
      400,
      "unsupported_grant_type",
    ],
    [
      "a wrong client secret",
      () =>
        post("/oauth/token", {
          client_id: t.clientId,
          client_secret: "x",
          grant_type: "refresh_token",
          refresh_token: "r",
        }),
      401,
      "invalid_client",
    ],
    [
      "an unknown client",
      () =>
        post("/oauth/token", {
          client_id: "nobody",
          client_secret: "x",
          grant_type: "refresh_token",
          refresh_token: "r",
        }),
      401,
      "invalid_client",
    ],
    [
      "Basic and post credentials at once",
      () =>
        post(
          "/oauth/token",
          { ...creds(), grant_type: "refresh_token", refresh_token: "r" },
          {
            authorization: `Basic ${Buffer.from(`${t.clientId}:${t.clientSecret}`).toString("base64")}`,
          },
        ),
      401,
      "invalid_client",
    ],
    ["an unknown refresh token", () => refresh("nope"), 403, "invalid_grant"],
    ["an unknown code", () => exchange("nope", "a".repeat(43)), 403, "invalid_grant"],
    ["a malformed code_verifier", () => exchange("nope", "short"), 400, "invalid_request"],
  ])("%s", async (_name, run, status, error) => {
    const answer = await run();
    expect([answer.status, answer.body.error]).toEqual([status, error]);
    expect(answer.headers.get("cache-control")).toContain("no-store");
  });

  it("accepts client_secret_basic", async () => {
    const { code, verifier } = await authorizationCode();
    const basic = Buffer.from(`${t.clientId}:${t.clientSecret}`).toString("base64");
    const answer = await post(
      "/oauth/token",
      {
        grant_type: "authorization_code",
        code,
        code_verifier: verifier,
        redirect_uri: t.redirectUri,
      },
      { authorization: `Basic ${basic}` },
    );
    expect(answer.status).toBe(200);
  });

  it("answers 413 for a body over 64 KiB, 404 for an unknown path, 405 for a wrong method", async () => {
    expect((await post("/oauth/token", { grant_type: "x".repeat(70_000) })).status).toBe(413);
    const missing = await t.fetch(`${t.url}/nope`);
    expect([missing.status, ((await missing.json()) as any).error]).toEqual([404, "not_found"]);
    const wrong = await t.fetch(`${t.url}/oauth/token`);
    expect([wrong.status, wrong.headers.get("allow")]).toEqual([405, "POST"]);
  });
});

describe("authorization_code grant", () => {
  it("issues signed tokens with the authentication claims", async () => {
    const { code, verifier } = await authorizationCode();
    const answer = await exchange(code, verifier);
    expect(answer.status).toBe(200);
    const jwks = (await (await t.fetch(`${t.url}/.well-known/jwks.json`)).json()) as any;
    // Two keys: RS256 for ID tokens, ES256 (the default accessTokenSigningAlg) for access tokens.
    expect(jwks.keys.map((key: { alg: string }) => key.alg).sort()).toEqual(["ES256", "RS256"]);
    const { payload, protectedHeader } = await jwtVerify(
      answer.body.access_token,
      createLocalJWKSet(jwks),
      { issuer: t.url },
    );
    const es256 = jwks.keys.find((key: { alg: string }) => key.alg === "ES256");
    expect(protectedHeader).toMatchObject({ alg: "ES256", kid: es256.kid, typ: "at+jwt" });
    const idHeader = (await jwtVerify(answer.body.id_token, createLocalJWKSet(jwks)))
      .protectedHeader;
    expect(idHeader.alg).toBe("RS256");
    for (const claim of [
      "sub",
      "aud",
      "exp",
      "iat",
      "scope",
      "azp",
      "auth_time",
      "amr",
      "acr",
      "jti",
    ])
      expect(payload).toHaveProperty(claim);
    const id = await jwtVerify(answer.body.id_token, createLocalJWKSet(jwks), {
      issuer: t.url,
      audience: t.clientId,
    });
    expect(id.payload.email).toBe(t.user.email);
  });

  it.each<[string, (c: { code: string; verifier: string }) => Promise<Answer>]>([
    ["a wrong code_verifier", (c) => exchange(c.code, "b".repeat(43))],
    [
      "a different redirect_uri",
      (c) => exchange(c.code, c.verifier, { redirect_uri: "http://app.test/other" }),
    ],
    [
      "an expired code (60 s)",
      (c) => {
        t.clock.advance(61);
        return exchange(c.code, c.verifier);
      },
    ],
  ])("refuses %s with invalid_grant", async (_name, run) => {
    const answer = await run(await authorizationCode());
    expect([answer.status, answer.body.error]).toEqual([403, "invalid_grant"]);
  });

  // Found by the fuzz: a refused exchange used to spend the code, so anyone
  // holding it (without the verifier) could void the user's sign-in.
  it("a refused exchange (wrong verifier, other redirect_uri) leaves the code to its rightful one", async () => {
    const { code, verifier } = await authorizationCode();
    expect((await exchange(code, "b".repeat(43))).body.error).toBe("invalid_grant");
    const elsewhere = await exchange(code, verifier, { redirect_uri: "http://app.test/other" });
    expect(elsewhere.body.error).toBe("invalid_grant");
    const rightful = await exchange(code, verifier);
    expect(rightful.status).toBe(200);
    expect(rightful.body.refresh_token).toEqual(expect.any(String));
  });

  it("a reused code fails and revokes the refresh token issued from it", async () => {
    const { code, verifier } = await authorizationCode();
    const first = await exchange(code, verifier);
    expect((await exchange(code, verifier)).body.error).toBe("invalid_grant");
    expect((await refresh(first.body.refresh_token)).body.error).toBe("invalid_grant");
  });
});

describe("accessTokenSigningAlg", () => {
  it("signs access tokens with RS256 when the issuer is set so; ID tokens stay RS256", async () => {
    const rs = await startTestIssuer({ accessTokenSigningAlg: "RS256" });
    try {
      const login = await signInForTokens(rs);
      const jwks = createLocalJWKSet(
        (await (await rs.fetch(`${rs.url}/.well-known/jwks.json`)).json()) as any,
      );
      for (const token of [login.access_token, login.id_token!]) {
        expect((await jwtVerify(token, jwks)).protectedHeader.alg).toBe("RS256");
      }
    } finally {
      await rs.close();
    }
  });
});

describe("refresh_token grant", () => {
  it("rotates; presenting a rotated token after the reuse interval revokes the family", async () => {
    const login = await signInForTokens(t);
    t.clock.advance(31);
    const next = await refresh(login.refresh_token!);
    expect(next.status).toBe(200);
    expect(next.body.refresh_token).not.toBe(login.refresh_token);
    t.clock.advance(31);
    expect((await refresh(login.refresh_token!)).body.error).toBe("invalid_grant");
    expect((await refresh(next.body.refresh_token)).body.error).toBe("invalid_grant");
  });

  it("answers an id_token only when the answer's scope includes openid (OIDC Core §12.2)", async () => {
    const login = await signInForTokens(t);
    t.clock.advance(31);
    const withOpenid = await refresh(login.refresh_token!);
    expect(withOpenid.body.scope).toContain("openid");
    expect(typeof withOpenid.body.id_token).toBe("string");
    t.clock.advance(31);
    const narrowed = await refresh(withOpenid.body.refresh_token, { scope: "email" });
    expect([narrowed.status, narrowed.body.scope, narrowed.body.id_token]).toEqual([
      200,
      "email",
      undefined,
    ]);
  });

  it("rotates a token once when grants race on it; all of them get the one successor", async () => {
    const login = await signInForTokens(t);
    t.clock.advance(31);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => refresh(login.refresh_token!)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    const successors = new Set(answers.map((answer) => answer.body.refresh_token));
    expect(successors.size).toBe(1);
    expect(successors.has(login.refresh_token)).toBe(false);
  });

  it.each<[string, Record<string, string>, number, string]>([
    ["an unknown audience", { audience: "https://nope.example" }, 400, "invalid_request"],
    [
      "a scope the API does not have",
      { audience: "https://api.example.com/payments", scope: "admin" },
      400,
      "invalid_scope",
    ],
    ["a bad max_age", { max_age: "soon" }, 400, "invalid_request"],
    [
      "an MFA audience without MFA",
      { audience: "https://api.example.com/payments" },
      403,
      "mfa_required",
    ],
    ["max_age after a password-only login", { max_age: "600" }, 403, "mfa_required"],
  ])("answers %s", async (_name, extra, status, error) => {
    const login = await signInForTokens(t);
    const answer = await refresh(login.refresh_token!, extra);
    expect([answer.status, answer.body.error]).toEqual([status, error]);
  });

  it("mfa_required carries the wire shape and leaves the refresh token usable", async () => {
    const login = await signInForTokens(t);
    const answer = await refresh(login.refresh_token!, { audience: t.audience });
    expect(answer.body).toEqual({
      error: "mfa_required",
      error_description: "Multifactor authentication required",
      mfa_token: expect.stringMatching(/^[A-Za-z0-9_-]{43,}$/),
      mfa_requirements: {
        enroll: [
          { type: "otp" },
          { type: "email" },
          { type: "sms" },
          { type: "webauthn" },
          { type: "push" },
        ],
      },
    });
    expect((await refresh(login.refresh_token!)).status).toBe(200);
  });

  // A login for an MFA audience runs the hosted MFA step: test/hosted-mfa.flow.test.ts.
});

describe("userinfo and revoke", () => {
  it("userinfo answers for a valid bearer and 401 otherwise", async () => {
    const login = await signInForTokens(t);
    const ok = await t.fetch(`${t.url}/userinfo`, {
      headers: { authorization: `Bearer ${login.access_token}` },
    });
    expect(((await ok.json()) as any).email).toBe(t.user.email);
    const bad = await t.fetch(`${t.url}/userinfo`, { headers: { authorization: "Bearer nope" } });
    expect([bad.status, bad.headers.get("www-authenticate")]).toEqual([
      401,
      'Bearer error="invalid_token"',
    ]);
  });

  it("revoking a refresh token revokes its family; unknown tokens answer 200", async () => {
    const login = await signInForTokens(t);
    expect((await post("/oauth/revoke", { ...creds(), token: login.refresh_token! })).status).toBe(
      200,
    );
    expect((await refresh(login.refresh_token!)).body.error).toBe("invalid_grant");
    expect((await post("/oauth/revoke", { ...creds(), token: "unknown" })).status).toBe(200);
    expect(
      (await post("/oauth/revoke", { client_id: t.clientId, client_secret: "x", token: "y" }))
        .status,
    ).toBe(401);
  });

  it("discovery lists the endpoints and MFA grants", async () => {
    const doc = (await (await t.fetch(`${t.url}/.well-known/openid-configuration`)).json()) as any;
    expect(doc.issuer).toBe(t.url);
    expect(doc.code_challenge_methods_supported).toEqual(["S256"]);
    expect(doc.grant_types_supported).toEqual(
      expect.arrayContaining([
        "http://auth0.com/oauth/grant-type/mfa-otp",
        "http://auth0.com/oauth/grant-type/mfa-recovery-code",
      ]),
    );
    expect(doc.mfa_challenge_endpoint).toBe(`${t.url}/mfa/challenge`);
  });
});
