import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  createCookieJar,
  StepUpError,
  type AuthClient,
  type CookieJar,
} from "../src/server/index.js";
import { startStepUpApp, type StepUpApp } from "./helpers/step-up-app.js";

// Issue 10.2: three app servers (three AuthClient instances, no shared
// memory) refresh one session at the same moment, as a browser's parallel
// requests behind a load balancer do. Every request gets a token, and the
// session goes on working with whichever cookie the browser keeps.

const ORDERS = "https://api.example.com/orders";
const REPORTS = "https://api.example.com/reports";
const ACCESS_TOKEN_TTL = 600;

// One issuer and three servers for the file; each test signs in anew (its own family).
let app: StepUpApp;
let servers: AuthClient[];
const grants: string[] = [];
beforeAll(async () => {
  app = await startStepUpApp({
    issuer: {
      apis: [
        { audience: ORDERS, scopes: ["orders:read"] },
        { audience: REPORTS, scopes: ["reports:read"] },
      ],
      accessTokenTtl: ACCESS_TOKEN_TTL,
    },
    wrapFetch: (inner) =>
      (async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = new Request(input, init);
        if (new URL(request.url).pathname === "/oauth/token") {
          const form = new URLSearchParams(await request.clone().text());
          if (form.get("grant_type") === "refresh_token") grants.push(form.get("audience") ?? "");
        }
        return inner(request);
      }) as typeof fetch,
  });
  servers = [app.auth, app.anotherInstance(), app.anotherInstance()];
});
afterAll(async () => {
  await app.close();
});

const copyOf = (jar: CookieJar) => createCookieJar(jar.getAll());

async function outcome(server: AuthClient, audience: string, cookies: CookieJar) {
  try {
    const token = await server.getAccessToken({ audience }, { cookies });
    return token.audience === audience ? "token" : "wrong audience";
  } catch (error) {
    return error instanceof StepUpError ? error.code : String(error);
  }
}

describe("one session refreshed by three app servers at once", () => {
  it.each([
    ["one audience", [ORDERS]],
    ["two audiences", [ORDERS, REPORTS]],
  ])(
    "50 concurrent refreshes (%s): every request gets a token, every kept cookie works",
    async (_name, audiences) => {
      const browser = await app.signIn();
      grants.length = 0;
      // The login's refresh token is due for rotation: this burst rotates it.
      app.issuer.clock.advance(60);

      const jars = Array.from({ length: 50 }, () => copyOf(browser.cookies));
      const results = await Promise.all(
        jars.map((cookies, i) =>
          outcome(servers[i % 3]!, audiences[i % audiences.length]!, cookies),
        ),
      );
      expect(results).toEqual(Array(50).fill("token"));
      // Single flight within each server: at most one grant per server and audience.
      expect(grants.length).toBeLessThanOrEqual(3 * audiences.length);

      // Whichever response's cookie the browser kept, later (past the reuse
      // interval and the access token's lifetime) it still refreshes: every
      // cookie names the family's one current token.
      app.issuer.clock.advance(ACCESS_TOKEN_TTL + 1);
      for (const [i, cookies] of jars.entries()) {
        await expect(outcome(servers[(i + 1) % 3]!, ORDERS, cookies)).resolves.toBe("token");
      }
      app.issuer.clock.advance(ACCESS_TOKEN_TTL + 1);
      await expect(outcome(servers[2]!, ORDERS, jars[49]!)).resolves.toBe("token");
      await expect(outcome(servers[0]!, REPORTS, jars[0]!)).resolves.toBe("token");
    },
  );

  it.each([0, 1, 2])(
    "the browser keeps the cookie of server %i: it goes on working, visit after visit",
    async (kept) => {
      const browser = await app.signIn();
      app.issuer.clock.advance(60);
      const jars = Array.from({ length: 30 }, () => copyOf(browser.cookies));
      await Promise.all(
        jars.map((cookies, i) => outcome(servers[i % 3]!, i % 2 ? ORDERS : REPORTS, cookies)),
      );
      // The last answer of server `kept` is the one the browser kept.
      const cookies = jars[27 + kept]!;
      // Each visit within the session's rolling day, each past the token's lifetime.
      for (let visit = 0; visit < 3; visit++) {
        app.issuer.clock.advance(20 * 3600);
        await expect(outcome(servers[visit % 3]!, ORDERS, cookies)).resolves.toBe("token");
      }
    },
  );
});
