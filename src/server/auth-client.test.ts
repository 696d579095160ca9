import { describe, expect, it } from "@jest/globals";
import { absorbSetCookies, cookieHeader } from "../testing/browser-cookies.js";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  createFakeIssuer,
  FAKE_ISSUER,
} from "../../test/fakes/fake-issuer.js";
import { APP, SECRET } from "../../test/fakes/sign-in.js";
import { AuthClient, createCookieJar, StepUpError } from "./index.js";

function client(clock = { now: Date.now() }) {
  const fake = createFakeIssuer({ now: () => clock.now });
  const auth = new AuthClient({
    issuerBaseUrl: FAKE_ISSUER,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    secret: SECRET,
    appBaseUrl: APP,
    fetch: fake.fetch,
    clock: () => clock.now,
  });
  return { auth, fake, clock };
}

async function signIn({ auth, fake }: ReturnType<typeof client>) {
  const jar = createCookieJar();
  const login = (await auth.handler(new Request(`${APP}/auth/login`)))!;
  absorbSetCookies(jar, login);
  const authorize = new URL(login.headers.get("location")!);
  const code = fake.issueCode(authorize.searchParams.get("nonce")!);
  const url = `${APP}/auth/callback?code=${code}&state=${authorize.searchParams.get("state")}`;
  absorbSetCookies(
    jar,
    (await auth.handler(new Request(url, { headers: { cookie: cookieHeader(jar) } })))!,
  );
  return jar;
}

describe("AuthClient", () => {
  it("throws a TypeError naming a missing option", () => {
    expect(
      () =>
        new AuthClient({
          issuerBaseUrl: FAKE_ISSUER,
          clientId: "a",
          clientSecret: "b",
          appBaseUrl: APP,
          secret: "short",
        }),
    ).toThrow(TypeError);
  });

  it("getSession reads the jar", async () => {
    const env = client();
    await expect(env.auth.getSession({ cookies: createCookieJar() })).resolves.toBeNull();
    const jar = await signIn(env);
    await expect(env.auth.getSession({ cookies: jar })).resolves.toEqual({
      user: expect.objectContaining({ sub: "user-1" }),
    });
  });

  it("outside Next.js without a jar, fails with a coded error", async () => {
    const { auth } = client();
    const error = await auth.getSession().catch((e: unknown) => e);
    expect((error as StepUpError).code).toBe("server_error");
  });

  it("middleware answers /auth routes and passes other paths on, rolling the session", async () => {
    const env = client();
    const jar = await signIn(env);
    const auth = await env.auth.middleware(
      new Request(`${APP}/auth/profile`, { headers: { cookie: cookieHeader(jar) } }),
    );
    expect(auth.status).toBe(200);
    const fresh = await env.auth.middleware(
      new Request(`${APP}/`, { headers: { cookie: cookieHeader(jar) } }),
    );
    expect(fresh.headers.get("x-middleware-next")).toBe("1");
    expect(fresh.headers.getSetCookie()).toEqual([]);
    env.clock.now += 120_000;
    const rolled = await env.auth.middleware(
      new Request(`${APP}/`, { headers: { cookie: cookieHeader(jar) } }),
    );
    expect(rolled.headers.getSetCookie().some((c) => c.startsWith("__stepup_session="))).toBe(true);
  });

  it("middleware leaves the session to a server action (no rolling re-seal racing its write)", async () => {
    const env = client();
    const jar = await signIn(env);
    env.clock.now += 120_000;
    const action = await env.auth.middleware(
      new Request(`${APP}/pay`, {
        method: "POST",
        headers: { cookie: cookieHeader(jar), "next-action": "7f3a" },
      }),
    );
    expect(action.headers.get("x-middleware-next")).toBe("1");
    expect(action.headers.getSetCookie()).toEqual([]);
  });
});
