import { randomBytes } from "node:crypto";
import { createIssuerWithStore, type Issuer } from "../issuer/create-issuer.js";
import type { IssuerOptions } from "../issuer/options.js";
import { openStore } from "../issuer/store/open-store.js";
import { openPooledStore } from "./store-pool.js";
import { reusedTestKeyPair } from "./test-key-pairs.js";

/** A controllable clock: real time plus an offset that tests move forward. */
export interface TestClock {
  now(): number;
  advance(seconds: number): void;
}

export interface TestIssuer {
  issuer: Issuer;
  /** The issuer's base URL, "http://issuer.test" by default. */
  url: string;
  /** In-process fetch: requests under `url` go to issuer.handler; anything else throws. Redirects are not followed. */
  fetch: typeof fetch;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  /** The payments API audience of the default options. */
  audience: string;
  user: { email: string; password: string };
  clock: TestClock;
  close(): Promise<void>;
}

export const TEST_DEFAULTS = {
  issuer: "http://issuer.test",
  clientId: "test-client",
  redirectUri: "http://app.test/auth/callback",
  postLogoutRedirectUri: "http://app.test/",
  audience: "https://api.example.com/payments",
  email: "user@example.com",
} as const;

/**
 * Starts an in-memory issuer for tests with one client, the payments API
 * (requireMfa, maxAge 300 s, scope payments:write) and one user with a random
 * password. Email and SMS codes go to the dev outbox (read them with
 * readOutbox / readLatestCode, or at GET /dev/outbox: devMode is on). Any
 * option overrides its default.
 *
 * Made for many issuers per suite: the in-memory store starts from a
 * pre-migrated image (built once per process, or once per run with
 * prepareTestStoreImageDir in Jest's globalSetup), a closed issuer's store is
 * emptied and reused by the next one, and passwords are hashed at test cost
 * (`insecureFastPasswordHashing`, while devMode is on).
 * @example
 * const t = await startTestIssuer();
 * const auth = new AuthClient({ issuerBaseUrl: t.url, clientId: t.clientId, clientSecret: t.clientSecret, fetch: t.fetch, ... });
 */
export async function startTestIssuer(options: Partial<IssuerOptions> = {}): Promise<TestIssuer> {
  let offsetMs = 0;
  const clock: TestClock = {
    now: () => Date.now() + offsetMs,
    advance: (seconds) => {
      offsetMs += seconds * 1000;
    },
  };
  const url = options.issuer ?? TEST_DEFAULTS.issuer;
  const clientSecret = randomBytes(24).toString("base64url");
  const user = options.users?.[0] ?? {
    email: TEST_DEFAULTS.email,
    password: randomBytes(12).toString("base64url"),
  };
  const clients = options.clients ?? [
    {
      clientId: TEST_DEFAULTS.clientId,
      clientSecret,
      redirectUris: [TEST_DEFAULTS.redirectUri],
      postLogoutRedirectUris: [TEST_DEFAULTS.postLogoutRedirectUri],
      name: "Test app",
    },
  ];
  const devMode = options.devMode ?? true;
  const inMemory = !options.databaseUrl && (!options.dataDir || options.dataDir === ":memory:");
  const issuer = await createIssuerWithStore(
    {
      secret: randomBytes(32).toString("base64url"),
      clock: clock.now,
      apis: [
        {
          audience: TEST_DEFAULTS.audience,
          requireMfa: true,
          maxAge: 300,
          scopes: ["payments:write"],
        },
      ],
      users: [user],
      devMode,
      insecureFastPasswordHashing: devMode,
      delivery: { email: { type: "outbox" }, sms: { type: "outbox" } },
      ...options,
      issuer: url,
      clients,
    },
    inMemory ? openPooledStore : openStore,
    reusedTestKeyPair,
  );
  const origin = new URL(url).origin;
  const inProcessFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (new URL(request.url).origin !== origin) {
      throw new TypeError(`Test issuer fetch only serves ${origin}, not ${request.url}`);
    }
    return issuer.handler(request);
  }) as typeof fetch;
  const first = clients[0]!;
  return {
    issuer,
    url,
    fetch: inProcessFetch,
    clientId: first.clientId,
    clientSecret: first.clientSecret,
    redirectUri: first.redirectUris[0]!,
    postLogoutRedirectUri: first.postLogoutRedirectUris?.[0] ?? TEST_DEFAULTS.postLogoutRedirectUri,
    audience: TEST_DEFAULTS.audience,
    user: { email: user.email, password: user.password },
    clock,
    close: () => issuer.close(),
  };
}
