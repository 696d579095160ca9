import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createHash } from "node:crypto";
import { createServer } from "node:net";
import * as oidc from "openid-client";
import { serveIssuer, type ServedIssuer } from "../src/issuer/serve.js";
import {
  generateTotp,
  signInThroughHostedLogin,
  startTestIssuer,
  type TestIssuer,
} from "../src/testing/index.js";
import { HostedBrowser } from "./helpers/hosted-browser.js";

// openid-client (panva), an independent certified OIDC client, against the
// issuer served over HTTP on loopback: discovery, code + PKCE, refresh, userinfo.
const PAPE_MFA = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

let t: TestIssuer;
let served: ServedIssuer;
let config: oidc.Configuration;

/** A free loopback port: the issuer's URL (and so its `iss`) must name it before it starts. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, "127.0.0.1", done));
  const address = probe.address();
  await new Promise<void>((done) => probe.close(() => done()));
  return typeof address === "object" && address ? address.port : 0;
}

beforeAll(async () => {
  const port = await freePort();
  t = await startTestIssuer({ issuer: `http://127.0.0.1:${port}` });
  served = await serveIssuer(t.issuer, { port });
  config = await oidc.discovery(
    new URL(served.url),
    t.clientId,
    undefined,
    oidc.ClientSecretPost(t.clientSecret),
    // Plain HTTP on loopback only; production issuers are https.
    { execute: [oidc.allowInsecureRequests] },
  );
});
afterAll(async () => {
  await served?.close({ timeoutMs: 1_000 });
  await t?.close();
});

async function authorize(extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: t.redirectUri,
    scope: "openid email offline_access",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...extra,
  });
  return { url, verifier, state, nonce };
}

function atHash(accessToken: string): string {
  return createHash("sha256").update(accessToken).digest().subarray(0, 16).toString("base64url");
}

describe("openid-client against the issuer", () => {
  it("discovers the issuer's metadata", () => {
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(served.url);
    expect(metadata.code_challenge_methods_supported).toContain("S256");
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
  });

  it("runs authorization code + PKCE, checks the id_token, refreshes and reads userinfo", async () => {
    const request = await authorize();
    const callback = await signInThroughHostedLogin({
      authorizeUrl: request.url.toString(),
      fetch,
      email: t.user.email,
      password: t.user.password,
    });
    const tokens = await oidc.authorizationCodeGrant(config, new URL(callback), {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    expect(claims.iss).toBe(served.url);
    expect(claims.aud).toBe(t.clientId);
    expect(claims.nonce).toBe(request.nonce);
    expect(claims.email).toBe(t.user.email);
    expect(claims.at_hash).toBe(atHash(tokens.access_token));
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info.sub).toBe(claims.sub);

    // Past the reuse interval (30 s): the refresh token is due for rotation.
    t.clock.advance(31);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    // Rotation: the first refresh token is spent, and reusing it later is refused.
    t.clock.advance(31);
    const reuse = await oidc.refreshTokenGrant(config, tokens.refresh_token!).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(reuse).toBeInstanceOf(oidc.ResponseBodyError);
    expect((reuse as oidc.ResponseBodyError).error).toBe("invalid_grant");
  });

  it("gets acr/amr of an MFA done in the hosted pages, and the MFA audience's token", async () => {
    const request = await authorize({
      acr_values: PAPE_MFA,
      audience: t.audience,
      scope: "openid offline_access payments:write",
    });
    const browser = new HostedBrowser(fetch, served.url);
    const page = await browser.get(request.url.toString());
    const enroll = await browser.submit(await page.text(), "/login", {
      email: t.user.email,
      password: t.user.password,
    });
    const enrollHtml = await enroll.text();
    const secret = /<code class="secret">([^<]+)<\/code>/.exec(enrollHtml)![1]!.replace(/ /g, "");
    const codes = await browser.submit(enrollHtml, "/login/mfa/verify", {
      code: await generateTotp(secret, t.clock.now()),
    });
    const done = await browser.submit(await codes.text(), "/login/mfa/continue");
    expect(done.status).toBe(302);

    const tokens = await oidc.authorizationCodeGrant(
      config,
      new URL(done.headers.get("location")!),
      {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
        idTokenExpected: true,
      },
    );
    const claims = tokens.claims()!;
    expect(claims.acr).toBe(PAPE_MFA);
    expect(claims.amr).toEqual(expect.arrayContaining(["pwd", "mfa", "otp"]));
    expect(tokens.scope).toBe("openid offline_access payments:write");
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!, {
      audience: t.audience,
    });
    expect(refreshed.scope).toBe("payments:write");
  });
});
