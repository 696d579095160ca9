import { beforeAll, describe, expect, it } from "@jest/globals";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import { MFA_ACR } from "./check-claims.js";
import { protectApi, type ProtectApiOptions } from "./protect-api.js";

/*
 * protectApi with Auth0-shaped access tokens: `iss` with a trailing slash,
 * no `amr` / `auth_time` (Auth0 keeps those in ID tokens), unless an Action
 * adds them under namespaced names.
 */
const ISSUER = "https://tenant.auth0.test/";
const API = "https://api.example.com/payments";
const NOW = 1_800_000_000;
const NS = { authTime: "https://example.com/auth_time", amr: "https://example.com/amr" };

let sign: (claims: JWTPayload) => Promise<string>;
let jwksFetch: typeof fetch;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  jwksFetch = (async () => Response.json({ keys: [jwk] })) as typeof fetch;
  sign = (claims) =>
    new SignJWT({ scope: "payments:write", ...claims })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer(ISSUER)
      .setAudience([API, `${ISSUER}userinfo`])
      .setSubject("auth0|1")
      .setIssuedAt(NOW)
      .setExpirationTime(NOW + 3600)
      .sign(privateKey);
});

async function check(token: string, options: Partial<ProtectApiOptions>) {
  const outcome = await protectApi({
    issuer: ISSUER,
    audience: API,
    jwksUri: `${ISSUER}.well-known/jwks.json`,
    fetch: jwksFetch,
    clock: () => NOW * 1000,
    ...options,
  }).verify(new Request("http://api.test/", { headers: { authorization: `Bearer ${token}` } }));
  return outcome;
}

describe("protectApi with Auth0 access tokens", () => {
  it("accepts Auth0's issuer with its trailing slash", async () => {
    await expect(check(await sign({}), {})).resolves.toMatchObject({ sub: "auth0|1" });
  });

  it.each([
    ["an acr", { acr: MFA_ACR }],
    ["a maxAge", { maxAge: 300 }],
  ])(
    "answers 403 unprovable_authentication, not a step-up, for %s the token cannot show",
    async (_name, options) => {
      const outcome = (await check(await sign({}), options)) as Response;
      expect(outcome.status).toBe(403);
      expect(outcome.headers.get("www-authenticate")).toBeNull();
      await expect(outcome.json()).resolves.toMatchObject({ error: "unprovable_authentication" });
    },
  );

  it("reads an Action's namespaced claims when told their names", async () => {
    const token = await sign({ [NS.authTime]: NOW - 60, [NS.amr]: ["pwd", "mfa"] });
    const options = { acr: MFA_ACR, maxAge: 300, authenticationClaims: NS };
    await expect(check(token, options)).resolves.toMatchObject({ sub: "auth0|1" });
    // Under the default names the same token cannot show anything.
    const unnamed = (await check(token, { acr: MFA_ACR, maxAge: 300 })) as Response;
    expect(unnamed.status).toBe(403);
  });

  it("asks for a step-up (RFC 9470) when the claims show too little or too old an authentication", async () => {
    const old = await sign({ [NS.authTime]: NOW - 900, [NS.amr]: ["pwd", "mfa"] });
    const stale = (await check(old, { maxAge: 300, authenticationClaims: NS })) as Response;
    expect(stale.status).toBe(401);
    expect(stale.headers.get("www-authenticate")).toContain(
      'error="insufficient_user_authentication"',
    );
    const weak = await sign({ [NS.authTime]: NOW - 60, [NS.amr]: ["pwd"] });
    const noMfa = (await check(weak, { acr: MFA_ACR, authenticationClaims: NS })) as Response;
    expect(noMfa.status).toBe(401);
  });

  it.each(["", "  ", 7])("refuses a claim name of %p", (name) => {
    expect(() =>
      protectApi({
        issuer: ISSUER,
        audience: API,
        authenticationClaims: { authTime: name as string },
      }),
    ).toThrow(TypeError);
  });
});
