import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from "jose";
import {
  generateTotp,
  signInForTokens,
  startTestIssuer,
  type TestIssuer,
} from "../../testing/index.js";
import { MFA_ACR } from "./check-claims.js";
import { protectApi, type ProtectApiOptions } from "./protect-api.js";

const PAYMENTS = "https://api.example.com/payments";
const REPORTS = "https://api.example.com/reports";

let t: TestIssuer;
/** A password-only token for the reports API (no MFA). */
let pwdToken: string;
/** A token for the payments API after a TOTP step-up (amr has mfa). */
let mfaToken: string;
/** Every JWKS download, to see the cache at work. */
let jwksFetches = 0;

const form = (params: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({ client_id: t.clientId, client_secret: t.clientSecret, ...params }),
});

/** The MFA API of PROTOCOL.md by hand: refresh → mfa_required → associate otp → mfa-otp grant. */
async function stepUpToken(refreshToken: string): Promise<string> {
  const required = (await (
    await t.fetch(
      `${t.url}/oauth/token`,
      form({ grant_type: "refresh_token", refresh_token: refreshToken, audience: PAYMENTS }),
    )
  ).json()) as { mfa_token: string };
  const enrollment = (await (
    await t.fetch(`${t.url}/mfa/associate`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${required.mfa_token}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ authenticator_types: ["otp"] }),
    })
  ).json()) as { secret: string };
  const answer = (await (
    await t.fetch(
      `${t.url}/oauth/token`,
      form({
        grant_type: "http://auth0.com/oauth/grant-type/mfa-otp",
        mfa_token: required.mfa_token,
        otp: await generateTotp(enrollment.secret, t.clock.now()),
      }),
    )
  ).json()) as { access_token: string };
  return answer.access_token;
}

beforeAll(async () => {
  t = await startTestIssuer({
    apis: [
      { audience: PAYMENTS, requireMfa: true, maxAge: 300, scopes: ["payments:write"] },
      { audience: REPORTS, scopes: ["reports:read"] },
    ],
  });
  pwdToken = (
    await signInForTokens(t, { audience: REPORTS, scope: "openid offline_access reports:read" })
  ).access_token;
  const login = await signInForTokens(t, { scope: "openid offline_access" });
  mfaToken = await stepUpToken(login.refresh_token!);
}, 60_000);
afterAll(async () => {
  await t.close();
});

function guardFor(options: Partial<ProtectApiOptions> = {}) {
  const countingFetch: typeof fetch = async (input, init) => {
    if (String(input instanceof Request ? input.url : input).endsWith("/jwks.json"))
      jwksFetches += 1;
    return t.fetch(input, init);
  };
  return protectApi({
    issuer: t.url,
    audience: PAYMENTS,
    fetch: countingFetch,
    clock: t.clock.now,
    ...options,
  });
}

const withBearer = (token: string) =>
  new Request("http://app.test/api/pay", {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });

/** The auth-params of a `WWW-Authenticate: Bearer …` header. */
function challengeOf(response: Response): Record<string, string> {
  const header = response.headers.get("www-authenticate") ?? "";
  expect(header.startsWith("Bearer ")).toBe(true);
  return Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

describe("protectApi", () => {
  it("runs the handler with the verified claims for an acceptable token", async () => {
    const guard = guardFor({ scopes: ["payments:write"], acr: MFA_ACR, maxAge: 300 });
    const POST = guard(async (_request, { claims }) =>
      Response.json({ sub: claims.sub, amr: claims.amr }),
    );
    const response = await POST(withBearer(mfaToken), {});
    expect(response.status).toBe(200);
    await expect(response.json()).resolves.toMatchObject({ amr: expect.arrayContaining(["mfa"]) });
    await expect(guard.verify(withBearer(mfaToken))).resolves.toMatchObject({ aud: PAYMENTS });
  });

  it("answers a bare Bearer realm challenge without a token", async () => {
    for (const authorization of [undefined, "Basic dTpw", "Bearer"]) {
      const request = new Request("http://app.test/api/pay", {
        headers: authorization ? { authorization } : {},
      });
      const response = (await guardFor({ realm: "payments" }).verify(request)) as Response;
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="payments"');
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("answers invalid_token for tampered, foreign-key, expired and wrong-audience tokens", async () => {
    const [header, payload, signature] = mfaToken.split(".") as [string, string, string];
    const claims = decodeJwt(mfaToken);
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: "someone-else" })).toString(
      "base64url",
    );
    const { privateKey } = await generateKeyPair("RS256");
    const sameKidOtherKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: decodeProtectedHeader(mfaToken).kid! })
      .sign(privateKey);
    const unknownKid = await new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "not-a-kid" })
      .sign(privateKey);
    const cases: Array<[string, string, ProtectApiOptions["clock"]?]> = [
      ["payload changed", `${header}.${forged}.${signature}`],
      ["signature cut", `${header}.${payload}.`],
      ["other key, same kid", sameKidOtherKey],
      ["unknown kid", unknownKid],
      ["alg none", `${Buffer.from('{"alg":"none"}').toString("base64url")}.${payload}.`],
      ["wrong audience", pwdToken],
      ["expired", mfaToken, () => ((claims.exp as number) + 60) * 1000],
      ["garbage", "abc.def.ghi"],
    ];
    for (const [name, token, clock] of cases) {
      const response = (await guardFor(clock ? { clock } : {}).verify(
        withBearer(token),
      )) as Response;
      expect([name, response.status]).toEqual([name, 401]);
      expect([name, challengeOf(response).error]).toEqual([name, "invalid_token"]);
      await expect(response.json()).resolves.toMatchObject({ error: "invalid_token" });
    }
  });

  it("answers a wrong issuer with invalid_token", async () => {
    const guard = protectApi({
      issuer: "http://other.test",
      jwksUri: `${t.url}/.well-known/jwks.json`,
      audience: PAYMENTS,
      fetch: t.fetch,
      clock: t.clock.now,
    });
    expect(challengeOf((await guard.verify(withBearer(mfaToken))) as Response).error).toBe(
      "invalid_token",
    );
  });

  it("answers 403 insufficient_scope naming the scopes", async () => {
    const response = (await guardFor({ scopes: ["payments:write", "payments:refund"] }).verify(
      withBearer(mfaToken),
    )) as Response;
    expect(response.status).toBe(403);
    expect(challengeOf(response)).toMatchObject({
      error: "insufficient_scope",
      scope: "payments:write payments:refund",
    });
  });

  it("answers RFC 9470 insufficient_user_authentication without MFA and when MFA is stale", async () => {
    const reports = guardFor({ audience: REPORTS, acr: MFA_ACR, maxAge: 300 });
    const noMfa = (await reports.verify(withBearer(pwdToken))) as Response;
    expect(noMfa.status).toBe(401);
    expect(challengeOf(noMfa)).toEqual({
      realm: REPORTS,
      error: "insufficient_user_authentication",
      error_description: expect.any(String),
      acr_values: MFA_ACR,
      max_age: "300",
    });
    await expect(noMfa.json()).resolves.toMatchObject({
      error: "insufficient_user_authentication",
    });

    const authTime = decodeJwt(mfaToken).auth_time as number;
    const stale = (await guardFor({ maxAge: 10, clock: () => (authTime + 11) * 1000 }).verify(
      withBearer(mfaToken),
    )) as Response;
    expect(challengeOf(stale)).toMatchObject({
      error: "insufficient_user_authentication",
      max_age: "10",
    });
    expect(challengeOf(stale).acr_values).toBeUndefined();
    const fresh = await guardFor({ maxAge: 10, clock: () => (authTime + 10) * 1000 }).verify(
      withBearer(mfaToken),
    );
    expect(fresh).not.toBeInstanceOf(Response);
  });

  it("caches the key set: many requests, one download", async () => {
    const guard = guardFor();
    const before = jwksFetches;
    for (let i = 0; i < 5; i++) await guard.verify(withBearer(mfaToken));
    expect(jwksFetches - before).toBe(1);
  });

  it("answers 502 network_error when the keys cannot be fetched", async () => {
    const guard = protectApi({
      issuer: t.url,
      audience: PAYMENTS,
      fetch: async () => {
        throw new TypeError("offline");
      },
    });
    const response = (await guard.verify(withBearer(mfaToken))) as Response;
    expect(response.status).toBe(502);
    await expect(response.json()).resolves.toMatchObject({ error: "network_error" });
  });

  it("refuses bad options with TypeError", () => {
    expect(() => protectApi({ issuer: "nope", audience: PAYMENTS })).toThrow(TypeError);
    expect(() => protectApi({ issuer: t.url, audience: "" })).toThrow(TypeError);
    expect(() => protectApi({ issuer: t.url, audience: PAYMENTS, maxAge: -1 })).toThrow(TypeError);
  });
});
