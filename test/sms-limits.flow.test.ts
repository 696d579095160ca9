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

// 9.6: SMS pumping. Text messages are capped per account, per number and per issuer, each per hour.
let t: TestIssuer;
beforeAll(async () => {
  t = await startTestIssuer({
    smsLimits: { perAccountPerHour: 3, perDestinationPerHour: 2, perIssuerPerHour: 6 },
  });
}, 120_000);
afterAll(() => t.close());

/** Starts an SMS enrollment for a new user at `phone`; returns the HTTP answer. */
async function enrollSms(phone: string) {
  const s = await newUserAtStepUp(t);
  const answer = await mfaCall(t, "/mfa/associate", s.mfaToken, {
    authenticator_types: ["oob"],
    oob_channels: ["sms"],
    phone_number: phone,
  });
  return { s, answer };
}

describe("SMS sends per hour", () => {
  it("caps one number across accounts, then the whole issuer; coded 429 with Retry-After", async () => {
    const phone = randomPhone();
    expect((await enrollSms(phone)).answer.status).toBe(200);
    expect((await enrollSms(phone)).answer.status).toBe(200);
    const third = (await enrollSms(phone)).answer;
    expect([third.status, third.body.error]).toEqual([429, "too_many_attempts"]);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(3_500);
    // Other numbers still go through until the issuer's hourly cap (6, two used).
    for (let i = 0; i < 4; i++) expect((await enrollSms(randomPhone())).answer.status).toBe(200);
    const capped = (await enrollSms(randomPhone())).answer;
    expect([capped.status, capped.body.error]).toEqual([429, "too_many_attempts"]);
    // Email is not SMS: unaffected.
    const s = await newUserAtStepUp(t);
    const email = await mfaCall(t, "/mfa/associate", s.mfaToken, {
      authenticator_types: ["oob"],
      oob_channels: ["email"],
      email: `sms-cap-${Date.now()}@example.com`,
    });
    expect(email.status).toBe(200);
    // An hour later the window has moved on.
    t.clock.advance(3_601);
    expect((await enrollSms(randomPhone())).answer.status).toBe(200);
  });

  it("counts the codes of an enrolled factor's challenges against its number", async () => {
    t.clock.advance(3_601);
    const phone = randomPhone();
    const { s, answer } = await enrollSms(phone);
    const confirmed = await tokenCall(t, {
      grant_type: OOB_GRANT,
      mfa_token: s.mfaToken,
      oob_code: answer.body.oob_code,
      binding_code: await readLatestCode(t, phone),
    });
    expect(confirmed.status).toBe(200);
    // The enrollment's text was the first to this number: one more fits its cap of 2.
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      t.clock.advance(31);
      const { mfaToken } = await requireMfa(t, confirmed.body.refresh_token, 0);
      statuses.push((await challengeCall(t, mfaToken, { challenge_type: "oob" })).status);
    }
    expect(statuses).toEqual([200, 429, 429]);
  });
});
