import { afterEach, describe, expect, it } from "@jest/globals";
import { createCookieJar, type CookieJar } from "../src/server/index.js";
import { TEST_DEFAULTS } from "../src/testing/start-test-issuer.js";
import { startStepUpApp, type StepUpApp } from "./helpers/step-up-app.js";

const ORDERS = "https://api.example.com/orders";
const REPORTS = "https://api.example.com/reports";

let app: StepUpApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A test app whose SDK→issuer fetch records the audience of every refresh grant. */
async function startCountingApp(): Promise<{
  app: StepUpApp;
  refreshGrants: string[];
  maxAges: Array<string | null>;
}> {
  const refreshGrants: string[] = [];
  const maxAges: Array<string | null> = [];
  const started = await startStepUpApp({
    issuer: {
      apis: [
        {
          audience: TEST_DEFAULTS.audience,
          requireMfa: true,
          maxAge: 300,
          scopes: ["payments:write"],
        },
        { audience: ORDERS, scopes: ["orders:read"] },
        { audience: REPORTS, scopes: ["reports:read"] },
      ],
    },
    wrapFetch: (inner) =>
      (async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = new Request(input, init);
        if (request.method === "POST" && new URL(request.url).pathname === "/oauth/token") {
          const form = new URLSearchParams(await request.clone().text());
          if (form.get("grant_type") === "refresh_token") {
            refreshGrants.push(form.get("audience") ?? "");
            maxAges.push(form.get("max_age"));
          }
        }
        return inner(request);
      }) as typeof fetch,
  });
  return { app: started, refreshGrants, maxAges };
}

/** What a parallel request sees: its own copy of the browser's cookies. */
function copyOf(jar: CookieJar): CookieJar {
  return createCookieJar(jar.getAll());
}

describe("concurrent getAccessToken on one session", () => {
  it("runs one refresh grant for 200 concurrent calls, and all get the same token", async () => {
    const counting = await startCountingApp();
    app = counting.app;
    const browser = await app.signIn();
    const jars = Array.from({ length: 200 }, () => copyOf(browser.cookies));

    const tokens = await Promise.all(
      jars.map((cookies) => app!.auth.getAccessToken({ audience: ORDERS }, { cookies })),
    );

    expect(counting.refreshGrants).toEqual([ORDERS]);
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
    // Every parallel request wrote the same token set into its own cookie: each serves it from cache.
    const again = await app.auth.getAccessToken({ audience: ORDERS }, { cookies: jars[199]! });
    expect(again.token).toBe(tokens[0]!.token);
    expect(counting.refreshGrants).toHaveLength(1);
  });

  it("serialises refreshes for two audiences so the family is not revoked", async () => {
    const counting = await startCountingApp();
    app = counting.app;
    const browser = await app.signIn();
    const jars = Array.from({ length: 100 }, () => copyOf(browser.cookies));

    const results = await Promise.all(
      jars.map((cookies, i) =>
        app!.auth.getAccessToken({ audience: i % 2 ? ORDERS : REPORTS }, { cookies }),
      ),
    );

    results.forEach((result, i) => expect(result.audience).toBe(i % 2 ? ORDERS : REPORTS));
    expect([...counting.refreshGrants].sort()).toEqual([ORDERS, REPORTS]);
    // Whichever cookie the browser keeps, the family is alive: later grants still succeed.
    for (const cookies of [jars[0]!, jars[1]!]) {
      await expect(
        app.auth.getAccessToken({ audience: ORDERS, refresh: true }, { cookies }),
      ).resolves.toMatchObject({ audience: ORDERS });
    }
  });

  it("sends max_age and does not reuse a cached token whose auth_time is older", async () => {
    const counting = await startCountingApp();
    app = counting.app;
    const browser = await app.signIn();
    const cookies = browser.cookies;
    const first = await app.auth.getAccessToken({ audience: ORDERS }, { cookies });
    app.issuer.clock.advance(120);
    // Fresh enough for 300 s: the cached token is reused, no grant.
    await expect(
      app.auth.getAccessToken({ audience: ORDERS, maxAge: 300 }, { cookies }),
    ).resolves.toMatchObject({ token: first.token });
    expect(counting.refreshGrants).toHaveLength(1);
    // Older than 60 s: a grant with max_age, which the issuer answers with a step-up.
    const error = await app.auth
      .getAccessToken({ audience: ORDERS, maxAge: 60 }, { cookies })
      .catch((e: unknown) => e);
    expect(counting.maxAges).toEqual([null, "60"]);
    expect((error as { code?: string }).code).toBe("mfa_required");
  });
});
