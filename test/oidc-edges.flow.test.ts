import { afterAll, beforeAll, describe, expect, it, jest } from "@jest/globals";
import { request as httpRequest } from "node:http";
import { serveIssuer, type ServedIssuer } from "../src/issuer/serve.js";
import { generateTotp, startTestIssuer, type TestIssuer } from "../src/testing/index.js";
import { authorizeRequest, HostedBrowser } from "./helpers/hosted-browser.js";
import { enrolledUser } from "./helpers/issuer-calls.js";

// 9.9: prompt=none never shows a page; hostile cookies, Host headers and form keys never give a 500.
jest.setTimeout(60_000);

const PAPE_MFA = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

let t: TestIssuer;
let served: ServedIssuer;
beforeAll(async () => {
  t = await startTestIssuer();
  served = await serveIssuer(t.issuer, { port: 0 });
});
afterAll(async () => {
  await served.close();
  await t.close();
});

function errorOf(response: Response) {
  const location = new URL(response.headers.get("location")!);
  return {
    target: `${location.origin}${location.pathname}`,
    error: location.searchParams.get("error"),
    state: location.searchParams.get("state"),
  };
}

describe("prompt=none (OIDC Core 3.1.2.6)", () => {
  it("answers login_required to the client without a session", async () => {
    const browser = new HostedBrowser(t.fetch, t.url);
    const response = await browser.get(authorizeRequest(t, { prompt: "none" }).url);
    expect(response.status).toBe(302);
    expect(errorOf(response)).toEqual({
      target: t.redirectUri,
      error: "login_required",
      state: "st",
    });
  });

  it("answers interaction_required when the session lacks the MFA asked for, a code once it has it", async () => {
    const u = await enrolledUser(t);
    const browser = new HostedBrowser(t.fetch, t.url);
    const page = await browser.get(authorizeRequest(t).url);
    const signedIn = await browser.submit(await page.text(), "/login", {
      email: u.email,
      password: u.password,
    });
    expect(signedIn.status).toBe(302);
    const silent = await browser.get(
      authorizeRequest(t, { prompt: "none", acr_values: PAPE_MFA }).url,
    );
    expect(silent.status).toBe(302);
    expect(errorOf(silent).error).toBe("interaction_required");
    // The same session, after the MFA step: silent authentication now succeeds.
    const step = await browser.get(authorizeRequest(t, { acr_values: PAPE_MFA }).url);
    t.clock.advance(30);
    const verified = await browser.submit(await step.text(), "/login/mfa/verify", {
      code: await generateTotp(u.secret, t.clock.now()),
    });
    expect(verified.status).toBe(302);
    const again = await browser.get(
      authorizeRequest(t, { prompt: "none", acr_values: PAPE_MFA }).url,
    );
    expect(new URL(again.headers.get("location")!).searchParams.get("code")).toBeTruthy();
  });

  it("refuses prompt=none combined with another value", async () => {
    const response = await t.fetch(authorizeRequest(t, { prompt: "none login" }).url);
    expect(errorOf(response).error).toBe("invalid_request");
  });
});

describe("hostile input never gives a 500", () => {
  it.each(["%E0%A4%A", "%", "%zz", "a%00b"])("a session cookie %p", async (value) => {
    const response = await t.fetch(authorizeRequest(t).url, {
      headers: { cookie: `stepup_issuer_session=${value}; stepup_issuer_browser=${value}` },
    });
    expect(response.status).toBe(200);
  });

  it.each(["bad host", "[::1", "exa mple.com:99", "a:b:c", "%"])(
    "a Host header %p answers a coded 400",
    async (host) => {
      const { status, body } = await rawGet(served.url, "/.well-known/jwks.json", host);
      expect(status).toBe(400);
      expect(JSON.parse(body).error).toBe("invalid_request");
    },
  );

  it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])(
    "a form or JSON field named %p is just a field",
    async (key) => {
      for (const [type, body] of [
        ["application/x-www-form-urlencoded", `${key}=x&${key}[a]=1&grant_type=refresh_token`],
        ["application/json", `{"${key}":{"polluted":true},"grant_type":"refresh_token"}`],
      ] as const) {
        const response = await t.fetch(`${t.url}/oauth/token`, {
          method: "POST",
          headers: { "content-type": type },
          body,
        });
        expect([type, response.status]).toEqual([type, 401]);
        expect(((await response.json()) as { error: string }).error).toBe("invalid_client");
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );
});

/** A GET with a Host header fetch would refuse to send. */
function rawGet(
  base: string,
  path: string,
  host: string,
): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { hostname: url.hostname, port: url.port, path, method: "GET", headers: { host } },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}
