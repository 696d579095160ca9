import { createCookieJar, type CookieJar } from "../../src/server/index.js";
import { createCore, type Core } from "../../src/server/core.js";
import type { AuthClientOptions } from "../../src/server/config.js";
import { dispatch } from "../../src/server/routes/route-table.js";
import { absorbSetCookies, cookieHeader } from "../../src/testing/browser-cookies.js";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  createFakeIssuer,
  FAKE_ISSUER,
  type FakeIssuer,
} from "./fake-issuer.js";

export const APP = "http://app.test";
export const SECRET = "a-test-secret-that-is-at-least-32-characters-long";

/** A Core wired to a fresh fake issuer, with a clock the test can move. */
export function createTestCore(options: Partial<AuthClientOptions> = {}): {
  core: Core;
  fake: FakeIssuer;
  clock: { now: number; advance(seconds: number): void };
} {
  const clock = {
    now: Date.now(),
    advance(seconds: number) {
      clock.now += seconds * 1000;
    },
  };
  const fake = createFakeIssuer({ now: () => clock.now });
  const core = createCore({
    issuerBaseUrl: FAKE_ISSUER,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    secret: SECRET,
    appBaseUrl: APP,
    fetch: fake.fetch,
    clock: () => clock.now,
    ...options,
  });
  return { core, fake, clock };
}

/** Runs /auth/login → (fake hosted login) → /auth/callback and returns the browser's jar. */
export async function signIn(
  core: Core,
  fake: FakeIssuer,
  returnTo = "/",
): Promise<{ jar: CookieJar; callback: Response }> {
  const jar = createCookieJar();
  const login = await dispatch(
    core,
    new Request(`${APP}/auth/login?returnTo=${encodeURIComponent(returnTo)}`),
  );
  if (!login) throw new Error("no login route");
  absorbSetCookies(jar, login);
  const authorize = new URL(login.headers.get("location") ?? "");
  const code = fake.issueCode(authorize.searchParams.get("nonce") ?? "");
  const callbackUrl = `${APP}/auth/callback?code=${code}&state=${authorize.searchParams.get("state")}`;
  const callback = await dispatch(
    core,
    new Request(callbackUrl, { headers: { cookie: cookieHeader(jar) } }),
  );
  if (!callback) throw new Error("no callback route");
  absorbSetCookies(jar, callback);
  return { jar, callback };
}
