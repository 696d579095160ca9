/* eslint-disable @typescript-eslint/no-explicit-any -- wire JSON is read loosely; tests assert its shape. */
// Resend limits of email/SMS codes and failed deliveries, through the issuer's
// public HTTP API. SMS goes through the webhook delivery with an injected fetch
// that the tests can make fail.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { readLatestCode, startTestIssuer, type TestIssuer } from "../src/testing/index.js";
import {
  challengeCall,
  mfaCall,
  newUserAtStepUp,
  OOB_GRANT,
  randomPhone,
  requireMfa,
  tokenCall,
} from "./helpers/issuer-calls.js";

const WEBHOOK = "https://sms-gateway.test/send";
const sent: Array<{ headers: Headers; body: any }> = [];
let gatewayDown = false;
const gatewayFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const request = new Request(input, init);
  if (request.url !== WEBHOOK) throw new TypeError(`unexpected ${request.url}`);
  sent.push({ headers: request.headers, body: await request.json() });
  return new Response(null, { status: gatewayDown ? 502 : 202 });
}) as typeof fetch;

const logged: string[] = [];
let t: TestIssuer;
beforeAll(async () => {
  t = await startTestIssuer({
    fetch: gatewayFetch,
    logger: (message, error) => logged.push(`${message} ${String(error)}`),
    delivery: {
      email: { type: "outbox" },
      sms: { type: "webhook", url: WEBHOOK, headers: { authorization: "Bearer gateway-key" } },
    },
  });
}, 120_000);
afterAll(() => t.close());

/** The code of the newest text message the gateway received for `to`. */
function latestSmsCode(to: string): string {
  const message = sent.filter((entry) => entry.body.to === to).at(-1);
  const code = message?.body.text.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no SMS to ${to}`);
  return code;
}

async function countRows(table: "oob_codes" | "oob_authenticators", userId: string) {
  const [row] = await t.issuer.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`,
    [userId],
  );
  return row!.n;
}

/** A new user with a confirmed email factor, stopped again by mfa_required. */
async function emailUserAtStepUp() {
  const s = await newUserAtStepUp(t);
  const to = `limits.${Math.random().toString(36).slice(2)}@example.com`;
  const enrollment = await mfaCall(t, "/mfa/associate", s.mfaToken, {
    authenticator_types: ["oob"],
    oob_channels: ["email"],
    email: to,
  });
  const confirmed = await tokenCall(t, {
    grant_type: OOB_GRANT,
    mfa_token: s.mfaToken,
    oob_code: enrollment.body.oob_code,
    binding_code: await readLatestCode(t, to),
  });
  expect(confirmed.status).toBe(200);
  const again = await requireMfa(t, confirmed.body.refresh_token, 0);
  return { ...s, to, mfaToken: again.mfaToken, refreshToken: confirmed.body.refresh_token };
}

function expectRetryAfter(answer: { status: number; headers: Headers; body: any }) {
  expect(answer.status).toBe(429);
  expect(answer.body.error).toBe("too_many_attempts");
  const header = Number(answer.headers.get("retry-after"));
  expect(answer.body.retry_after).toBe(header);
  return header;
}

describe("resending codes", () => {
  it("waits out a 30 s cooldown per authenticator, answering 429 with Retry-After", async () => {
    const s = await emailUserAtStepUp();
    expect((await challengeCall(t, s.mfaToken, { challenge_type: "oob" })).status).toBe(200);
    const code = await readLatestCode(t, s.to);
    const early = await challengeCall(t, s.mfaToken, { challenge_type: "oob" });
    const wait = expectRetryAfter(early);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(30);
    expect(await readLatestCode(t, s.to)).toBe(code); // nothing was sent
    t.clock.advance(wait);
    expect((await challengeCall(t, s.mfaToken, { challenge_type: "oob" })).status).toBe(200);
  });

  it("uses the issuer's oobResendCooldownSeconds instead of 30 s, keeping the hourly cap", async () => {
    const quick = await startTestIssuer({ oobResendCooldownSeconds: 2 });
    try {
      const s = await newUserAtStepUp(quick);
      const associate = () =>
        mfaCall(quick, "/mfa/associate", s.mfaToken, {
          authenticator_types: ["oob"],
          oob_channels: ["email"],
          email: `quick.${Math.random().toString(36).slice(2)}@example.com`,
        });
      expect((await associate()).status).toBe(200);
      const wait = expectRetryAfter(await associate());
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(2);
      for (let sends = 1; sends < 5; sends++) {
        quick.clock.advance(2);
        expect((await associate()).status).toBe(200);
      }
      quick.clock.advance(2);
      expect(expectRetryAfter(await associate())).toBeGreaterThan(3500);
    } finally {
      await quick.close();
    }
  });

  it("caps sends at 5 per hour per authenticator, across mfa_tokens", async () => {
    const s = await emailUserAtStepUp();
    for (let i = 0; i < 5; i++) {
      expect((await challengeCall(t, s.mfaToken, { challenge_type: "oob" })).status).toBe(200);
      t.clock.advance(30);
    }
    const capped = expectRetryAfter(await challengeCall(t, s.mfaToken, { challenge_type: "oob" }));
    // The first of the five leaves the window an hour after it was sent (150 s ago).
    expect(capped).toBeGreaterThan(3400);
    expect(capped).toBeLessThanOrEqual(3450);
    const fresh = await requireMfa(t, s.refreshToken, 0);
    expectRetryAfter(await challengeCall(t, fresh.mfaToken, { challenge_type: "oob" }));
  });

  it("rate-limits enrollment sends per user and channel (each associate is a new factor)", async () => {
    const s = await newUserAtStepUp(t);
    const associate = () =>
      mfaCall(t, "/mfa/associate", s.mfaToken, {
        authenticator_types: ["oob"],
        oob_channels: ["email"],
        email: `spam.${Math.random().toString(36).slice(2)}@example.com`,
      });
    expect((await associate()).status).toBe(200);
    expectRetryAfter(await associate());
  });
});

describe("SMS webhook delivery", () => {
  it("posts JSON with the configured headers and a code the grant accepts", async () => {
    const s = await newUserAtStepUp(t);
    const to = randomPhone();
    const enrollment = await mfaCall(t, "/mfa/associate", s.mfaToken, {
      authenticator_types: ["oob"],
      oob_channels: ["sms"],
      phone_number: to,
    });
    expect(enrollment.status).toBe(200);
    const request = sent.at(-1)!;
    expect(request.headers.get("authorization")).toBe("Bearer gateway-key");
    expect(request.headers.get("content-type")).toBe("application/json");
    expect(request.body).toEqual({ channel: "sms", to, text: expect.any(String) });
    const granted = await tokenCall(t, {
      grant_type: OOB_GRANT,
      mfa_token: s.mfaToken,
      oob_code: enrollment.body.oob_code,
      binding_code: latestSmsCode(to),
    });
    expect(granted.status).toBe(200);
  });
});

describe("a failed delivery", () => {
  it("answers 503 delivery_failed on associate, keeps nothing, and starts no cooldown", async () => {
    const s = await newUserAtStepUp(t);
    const to = randomPhone();
    const body = { authenticator_types: ["oob"], oob_channels: ["sms"], phone_number: to };
    gatewayDown = true;
    try {
      const failed = await mfaCall(t, "/mfa/associate", s.mfaToken, body);
      expect(failed.status).toBe(503);
      expect(failed.body.error).toBe("delivery_failed");
    } finally {
      gatewayDown = false;
    }
    expect(logged.at(-1)).toMatch(/sms delivery failed/);
    expect(logged.join("\n")).not.toContain(to.slice(1));
    expect(await countRows("oob_authenticators", s.userId)).toBe(0);
    expect(await countRows("oob_codes", s.userId)).toBe(0);
    const retried = await mfaCall(t, "/mfa/associate", s.mfaToken, body);
    expect(retried.status).toBe(200);
    const granted = await tokenCall(t, {
      grant_type: OOB_GRANT,
      mfa_token: s.mfaToken,
      oob_code: retried.body.oob_code,
      binding_code: latestSmsCode(to),
    });
    expect(granted.status).toBe(200); // the mfa_token lost no attempt either
  });

  it("answers 503 on challenge, invalidates the unsent code, and costs no cooldown", async () => {
    const s = await newUserAtStepUp(t);
    const to = randomPhone();
    const enrollment = await mfaCall(t, "/mfa/associate", s.mfaToken, {
      authenticator_types: ["oob"],
      oob_channels: ["sms"],
      phone_number: to,
    });
    const confirmed = await tokenCall(t, {
      grant_type: OOB_GRANT,
      mfa_token: s.mfaToken,
      oob_code: enrollment.body.oob_code,
      binding_code: latestSmsCode(to),
    });
    const { mfaToken } = await requireMfa(t, confirmed.body.refresh_token, 0);
    const codesBefore = await countRows("oob_codes", s.userId);
    gatewayDown = true;
    try {
      const failed = await challengeCall(t, mfaToken, { challenge_type: "oob" });
      expect(failed.status).toBe(503);
      expect(failed.body.error).toBe("delivery_failed");
    } finally {
      gatewayDown = false;
    }
    expect(await countRows("oob_codes", s.userId)).toBe(codesBefore);
    const retried = await challengeCall(t, mfaToken, { challenge_type: "oob" });
    expect(retried.status).toBe(200);
    expect(await countRows("oob_codes", s.userId)).toBe(codesBefore + 1);
  });
});
