import { describe, expect, it } from "@jest/globals";
import { resolveConfig } from "../config.js";
import { createCookieJar, type CookieJar, type CookieOptions } from "../cookies/cookie-jar.js";
import { createSessionStore } from "./session-store.js";
import type { Session } from "./session.js";

function setup(appBaseUrl = "https://app.example.com") {
  const clock = { now: 1_700_000_000_000 };
  const config = resolveConfig({
    issuerBaseUrl: "http://localhost:4000",
    clientId: "app",
    clientSecret: "s",
    secret: "k".repeat(32),
    appBaseUrl,
    clock: () => clock.now,
    session: { absoluteDuration: 7 * 86400, rollingDuration: 86400 },
  });
  const options: Record<string, CookieOptions> = {};
  const inner = createCookieJar();
  const jar: CookieJar = {
    ...inner,
    set(name, value, cookieOptions) {
      options[name] = cookieOptions;
      inner.set(name, value, cookieOptions);
    },
  };
  const session = (): Session => ({
    sid: "sid-1",
    user: { sub: "u1" },
    idToken: "id",
    refreshToken: "rt",
    tokenSets: [],
    createdAt: clock.now / 1000,
    updatedAt: clock.now / 1000,
  });
  return { store: createSessionStore(config), config, jar, options, clock, session };
}

describe("session store", () => {
  it("opens a cookie value once: later reads of it share the first one's session", async () => {
    const { store, config, jar, session } = setup();
    await store.write(jar, session());
    // A second store (another instance, or a restart) must open the value itself.
    const fresh = createSessionStore(config);
    const first = await fresh.read(jar);
    const second = await fresh.read(jar);
    expect(first).not.toBeNull();
    expect(second).toBe(first);
  });

  it("still rejects a tampered value, and still ends an expired session read from memory", async () => {
    const { store, config, jar, clock, session } = setup();
    await store.write(jar, session());
    const sealed = jar.get(config.cookieName)!;
    const tampered = createCookieJar([
      { name: config.cookieName, value: sealed.slice(0, -2) + "AA" },
    ]);
    await expect(store.read(tampered)).resolves.toBeNull();
    await expect(store.read(jar)).resolves.not.toBeNull();
    clock.now += 86_401_000;
    await expect(store.read(jar)).resolves.toBeNull();
  });

  it("writes an httpOnly, Lax, Secure (https) cookie and reads it back", async () => {
    const { store, jar, options, session } = setup();
    await store.write(jar, session());
    expect(options["__Host-stepup_session"]).toMatchObject({
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: true,
      maxAge: 86400,
    });
    await expect(store.read(jar)).resolves.toMatchObject({ sid: "sid-1", user: { sub: "u1" } });
  });

  it("omits Secure on http apps", async () => {
    const { store, jar, options, session } = setup("http://localhost:3000");
    await store.write(jar, session());
    expect(options.__stepup_session?.secure).toBe(false);
    expect(jar.get("__Host-stepup_session")).toBeUndefined();
  });

  it("ends after the rolling window without activity", async () => {
    const { store, jar, clock, session } = setup();
    await store.write(jar, session());
    clock.now += 86401 * 1000;
    await expect(store.read(jar)).resolves.toBeNull();
  });

  it("rolls with activity but never past the absolute lifetime", async () => {
    const { store, jar, clock, session } = setup();
    await store.write(jar, session());
    for (let day = 0; day < 6; day++) {
      clock.now += 20 * 3600 * 1000;
      const current = await store.read(jar);
      expect(current).not.toBeNull();
      await store.write(jar, current!);
    }
    clock.now += 48 * 3600 * 1000;
    await expect(store.read(jar)).resolves.toBeNull();
  });

  it("treats a tampered or foreign cookie as no session", async () => {
    const { store, jar } = setup();
    jar.set("__Host-stepup_session", "garbage", {});
    await expect(store.read(jar)).resolves.toBeNull();
  });

  it("chunks a large session and shrinks back", async () => {
    const { store, jar, clock, session } = setup();
    const big = {
      ...session(),
      tokenSets: [1, 2, 3].map((n) => ({
        audience: `https://api/${n}`,
        scope: "",
        accessToken: "t".repeat(2000),
        expiresAt: clock.now / 1000 + 600,
      })),
    };
    await store.write(jar, big);
    expect(jar.getAll().map((c) => c.name)).toEqual(
      expect.arrayContaining(["__Host-stepup_session.0", "__Host-stepup_session.1"]),
    );
    await expect(store.read(jar)).resolves.toMatchObject({ tokenSets: big.tokenSets });
    await store.write(jar, session());
    expect(jar.getAll().map((c) => c.name)).toEqual(["__Host-stepup_session"]);
    store.clear(jar);
    expect(jar.getAll()).toEqual([]);
  });

  const tokenSet = (n: number, expiresAt: number, size = 900) => ({
    audience: `https://api.example.com/${n}`,
    scope: "",
    accessToken: `${n}.`.padEnd(size, "x"),
    expiresAt,
  });

  it("drops expired token sets on every write", async () => {
    const { store, jar, clock, session } = setup();
    const now = clock.now / 1000;
    await store.write(jar, {
      ...session(),
      tokenSets: [tokenSet(1, now - 1), tokenSet(2, now + 60), tokenSet(3, now)],
    });
    const read = await store.read(jar);
    expect(read?.tokenSets.map((set) => set.audience)).toEqual(["https://api.example.com/2"]);
  });

  it("keeps the most recently stored token sets, up to maxTokenSets", async () => {
    const { store, jar, clock, session } = setup();
    const now = clock.now / 1000;
    const sets = Array.from({ length: 8 }, (_, i) => tokenSet(i, now + 600, 100));
    await store.write(jar, { ...session(), tokenSets: sets });
    const read = await store.read(jar);
    // Storage order is refresh order: the first three (least recently refreshed) go.
    expect(read?.tokenSets.map((set) => set.audience)).toEqual(
      sets.slice(3).map((set) => set.audience),
    );
  });

  it("never grows past three chunks however large the tokens, keeping the newest", async () => {
    const { store, jar, clock, session } = setup();
    const now = clock.now / 1000;
    // Five 3 KB tokens would seal to about 20 KB: a request carrying that would get a 431.
    const sets = Array.from({ length: 5 }, (_, i) => tokenSet(i, now + 600, 3000));
    await store.write(jar, { ...session(), tokenSets: sets });
    const header = jar
      .getAll()
      .map(({ name, value }) => `${name}=${value}`)
      .join("; ");
    expect(header.length).toBeLessThan(3 * 3800 + 200);
    const read = await store.read(jar);
    expect(read?.tokenSets.at(-1)?.audience).toBe("https://api.example.com/4");
    expect(read?.tokenSets.length).toBeLessThan(5);
  });
});
