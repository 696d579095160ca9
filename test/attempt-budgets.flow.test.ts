import { afterAll, beforeAll, describe, expect, it, jest } from "@jest/globals";
import { setClientAddress } from "../src/issuer/http/client-address.js";
import { generateTotp, startTestIssuer, type TestIssuer } from "../src/testing/index.js";
import { authorizeRequest, HostedBrowser } from "./helpers/hosted-browser.js";
import { createUser, enrolledUser, issuerCalls, OTP_GRANT } from "./helpers/issuer-calls.js";

// 9.5: budgets reserved before the answer is checked, and a capped mfa_token supply.
jest.setTimeout(90_000);

let t: TestIssuer;
let calls: ReturnType<typeof issuerCalls>;
beforeAll(async () => {
  t = await startTestIssuer();
  calls = issuerCalls(t);
});
afterAll(() => t.close());

const refresh = (refreshToken: string, extra: Record<string, string> = {}) =>
  calls.token({
    grant_type: "refresh_token",
    refresh_token: refreshToken,
    audience: t.audience,
    max_age: "0",
    ...extra,
  });

async function failedEvents(userId: string): Promise<number> {
  const rows = await t.issuer.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM audit_events WHERE user_id = $1 AND type = 'mfa.failed'",
    [userId],
  );
  return rows[0]!.n;
}

describe("mfa_token supply", () => {
  it("caps the mfa_tokens one refresh family mints per minute: 429 with Retry-After", async () => {
    const u = await enrolledUser(t);
    // Its enrollment already minted one: 29 more this minute, then none.
    for (let i = 0; i < 29; i++) {
      expect([i, (await refresh(u.refreshToken)).body.error]).toEqual([i, "mfa_required"]);
    }
    const capped = await refresh(u.refreshToken);
    expect([capped.status, capped.body.error]).toEqual([429, "too_many_attempts"]);
    expect(capped.body.retry_after).toBeGreaterThanOrEqual(1);
    expect(capped.headers.get("retry-after")).toBe(String(capped.body.retry_after));
    t.clock.advance(capped.body.retry_after);
    expect((await refresh(u.refreshToken)).body.error).toBe("mfa_required");
  });
});

describe("answers are reserved before they are checked", () => {
  it("40 parallel wrong answers over 20 fresh mfa_tokens: at most 10 are evaluated", async () => {
    const u = await enrolledUser(t);
    const tokens: string[] = [];
    for (let i = 0; i < 20; i++) tokens.push((await refresh(u.refreshToken)).body.mfa_token);
    const wrong = await generateTotp(u.secret, t.clock.now() - 3_600_000);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        calls.token({ grant_type: OTP_GRANT, mfa_token: tokens[i % 20]!, otp: wrong }),
      ),
    );
    const judged = answers.filter((answer) => answer.body.error === "invalid_grant").length;
    expect(judged).toBeLessThanOrEqual(10);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(40 - judged);
    expect(await failedEvents(u.id)).toBe(judged);
  });

  it("a right answer gives its reservation back: 15 step-ups in a row never run dry", async () => {
    const u = await enrolledUser(t);
    for (let i = 0; i < 15; i++) {
      t.clock.advance(30);
      const { mfa_token: mfaToken } = (await refresh(u.refreshToken)).body;
      const answer = await calls.token({
        grant_type: OTP_GRANT,
        mfa_token: mfaToken,
        otp: await generateTotp(u.secret, t.clock.now()),
      });
      expect([i, answer.status]).toEqual([i, 200]);
      u.refreshToken = answer.body.refresh_token;
    }
  });

  it("a right answer gives back its own reservation only: wrong ones before it stay spent", async () => {
    const u = await enrolledUser(t);
    // An hour refills the user's bucket to its capacity, 10.
    t.clock.advance(3600);
    const tokensLeft = async () =>
      (
        await t.issuer.db.query<{ tokens: number }>(
          "SELECT tokens FROM attempt_buckets WHERE key = $1",
          [`mfa:${u.id}`],
        )
      )[0]?.tokens;
    const { mfa_token: mfaToken } = (await refresh(u.refreshToken)).body;
    const wrong = await generateTotp(u.secret, t.clock.now() - 3_600_000);
    for (let i = 0; i < 2; i++) {
      const answer = await calls.token({ grant_type: OTP_GRANT, mfa_token: mfaToken, otp: wrong });
      expect(answer.body.error).toBe("invalid_grant");
    }
    const right = await calls.token({
      grant_type: OTP_GRANT,
      mfa_token: mfaToken,
      otp: await generateTotp(u.secret, t.clock.now()),
    });
    expect(right.status).toBe(200);
    // Milliseconds passed (a sliver of refill): the two wrong answers are spent, no more, no less.
    expect(await tokensLeft()).toBeCloseTo(10 - 2, 1);
  });

  it("burns an mfa_token after five wrong answers, also in parallel", async () => {
    const u = await enrolledUser(t);
    const { mfa_token: mfaToken } = (await refresh(u.refreshToken)).body;
    const wrong = await generateTotp(u.secret, t.clock.now() - 3_600_000);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        calls.token({ grant_type: OTP_GRANT, mfa_token: mfaToken, otp: wrong }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 403)).toHaveLength(5);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(3);
  });
});

describe("password attempts", () => {
  /** Submits a wrong password for `email` from `address` through the hosted login. */
  async function wrongPassword(email: string, address: string): Promise<number> {
    const browser = new HostedBrowser(t.fetch, t.url);
    const page = await browser.get(authorizeRequest(t).url);
    const transaction = /name="transaction" value="([^"]+)"/.exec(await page.text())![1]!;
    const request = new Request(`${t.url}/login`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: t.url,
        cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      },
      body: new URLSearchParams({ transaction, email, password: "not-the-password" }),
    });
    setClientAddress(request, address);
    return (await t.issuer.handler(request)).status;
  }

  it("a guesser from one address is stopped there; the owner elsewhere is not locked out", async () => {
    const user = await createUser(t);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push(await wrongPassword(user.email, "203.0.113.7"));
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    // The owner, from their own address, still gets a real answer.
    expect(await wrongPassword(user.email, "198.51.100.20")).toBe(401);
  });
});
