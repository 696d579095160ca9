import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { signInForTokens, startTestIssuer, type TestIssuer } from "../../../testing/index.js";

// Refresh families (issue 9.4 and 10.1): the reuse interval's idempotent
// answer, strict rotation when it is 0, and the idle and absolute lifetimes,
// all on the issuer's clock.

// One issuer for the file, with a client per setting; each test signs in
// anew (its own family) and only moves the shared clock forward.
const redirectUris = ["http://app.test/auth/callback"];
const CLIENTS = {
  strict: { clientId: "strict", clientSecret: "strict-client-secret-0123456789" },
  tuned: { clientId: "tuned", clientSecret: "tuned-client-secret-0123456789" },
};
let t: TestIssuer;
beforeAll(async () => {
  const first = await startTestIssuer();
  await first.close();
  t = await startTestIssuer({
    clients: [
      { clientId: first.clientId, clientSecret: first.clientSecret, redirectUris },
      { ...CLIENTS.strict, redirectUris, refreshTokens: { reuseInterval: 0 } },
      {
        ...CLIENTS.tuned,
        redirectUris,
        refreshTokens: { idleLifetime: 600, absoluteLifetime: 3600 },
      },
    ],
  });
});
afterAll(() => t.close());

/** The issuer as seen by one client (default settings unless named). */
function issuerWith(client?: keyof typeof CLIENTS): TestIssuer {
  return client ? { ...t, ...CLIENTS[client], redirectUri: redirectUris[0]! } : t;
}

type Answer = { status: number; body: Record<string, unknown> };
async function refresh(issuer: TestIssuer, refreshToken: string): Promise<Answer> {
  const response = await issuer.fetch(`${issuer.url}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      client_id: issuer.clientId,
      client_secret: issuer.clientSecret,
      grant_type: "refresh_token",
      refresh_token: refreshToken,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const tokenOf = (answer: Answer) => answer.body.refresh_token as string;
const errorOf = (answer: Answer) => [answer.status, answer.body.error];

describe("refresh token rotation with a reuse interval (default 30 s)", () => {
  it("answers every request racing a rotation with the same successor and fresh access tokens", async () => {
    const issuer = issuerWith();
    const login = await signInForTokens(issuer);
    issuer.clock.advance(60);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => refresh(issuer, login.refresh_token!)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    const successors = new Set(answers.map(tokenOf));
    expect(successors.size).toBe(1);
    expect(successors.has(login.refresh_token!)).toBe(false);
    // A late request with the replaced token, 25 s on: the same successor again.
    // (The test clock also runs in real time: margins stay seconds wide.)
    issuer.clock.advance(25);
    expect(tokenOf(await refresh(issuer, login.refresh_token!))).toBe(
      answers[0]!.body.refresh_token,
    );
  });

  it("answers a token issued within the interval as is, and rotates it once it is older", async () => {
    const issuer = issuerWith();
    const login = await signInForTokens(issuer);
    const early = await refresh(issuer, login.refresh_token!);
    expect(tokenOf(early)).toBe(login.refresh_token);
    issuer.clock.advance(30);
    const rotated = await refresh(issuer, login.refresh_token!);
    expect(tokenOf(rotated)).not.toBe(login.refresh_token);
  });

  it("revokes the family when a replaced token comes back after the interval", async () => {
    const issuer = issuerWith();
    const login = await signInForTokens(issuer);
    issuer.clock.advance(60);
    const next = tokenOf(await refresh(issuer, login.refresh_token!));
    issuer.clock.advance(30);
    expect(errorOf(await refresh(issuer, login.refresh_token!))).toEqual([403, "invalid_grant"]);
    // RFC 9700 §4.14.2: the legitimate holder's token dies with the family.
    expect(errorOf(await refresh(issuer, next))).toEqual([403, "invalid_grant"]);
  });

  it("rotates strictly with reuseInterval 0: an immediate second use revokes the family", async () => {
    const issuer = issuerWith("strict");
    const login = await signInForTokens(issuer);
    const next = await refresh(issuer, login.refresh_token!);
    expect(tokenOf(next)).not.toBe(login.refresh_token);
    expect(errorOf(await refresh(issuer, login.refresh_token!))).toEqual([403, "invalid_grant"]);
    expect(errorOf(await refresh(issuer, tokenOf(next)))).toEqual([403, "invalid_grant"]);
  });
});

describe("refresh family lifetimes", () => {
  it("ends a family unused for the idle lifetime (default 15 days)", async () => {
    const issuer = issuerWith();
    const login = await signInForTokens(issuer);
    issuer.clock.advance(14 * 86400);
    const kept = tokenOf(await refresh(issuer, login.refresh_token!));
    issuer.clock.advance(15 * 86400 - 60);
    const still = tokenOf(await refresh(issuer, kept));
    issuer.clock.advance(15 * 86400);
    expect(errorOf(await refresh(issuer, still))).toEqual([403, "invalid_grant"]);
  });

  it("ends a family at the absolute lifetime (default 30 days) however often it is used", async () => {
    const issuer = issuerWith();
    const login = await signInForTokens(issuer);
    let token = login.refresh_token!;
    for (let day = 10; day < 30; day += 10) {
      issuer.clock.advance(10 * 86400);
      token = tokenOf(await refresh(issuer, token));
    }
    issuer.clock.advance(10 * 86400);
    expect(errorOf(await refresh(issuer, token))).toEqual([403, "invalid_grant"]);
  });

  it("takes both lifetimes per client", async () => {
    const issuer = issuerWith("tuned");
    const login = await signInForTokens(issuer);
    issuer.clock.advance(590);
    const kept = tokenOf(await refresh(issuer, login.refresh_token!));
    issuer.clock.advance(600);
    expect(errorOf(await refresh(issuer, kept))).toEqual([403, "invalid_grant"]);
    const again = await signInForTokens(issuer);
    let token = again.refresh_token!;
    for (let i = 0; i < 7; i++) {
      issuer.clock.advance(500);
      token = tokenOf(await refresh(issuer, token));
    }
    issuer.clock.advance(500);
    expect(errorOf(await refresh(issuer, token))).toEqual([403, "invalid_grant"]);
  });

  it("refuses settings out of range", async () => {
    await expect(
      startTestIssuer({
        clients: [
          {
            clientId: "bad",
            clientSecret: "bad-client-secret-0123456789",
            redirectUris: ["http://app.test/cb"],
            refreshTokens: { reuseInterval: 3600 },
          },
        ],
      }),
    ).rejects.toThrow(TypeError);
  });
});
