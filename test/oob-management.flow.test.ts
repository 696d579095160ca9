import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { readLatestCode, startTestIssuer, type TestIssuer } from "../src/testing/index.js";
import type { IssuerEvent } from "../src/issuer/index.js";
import {
  createUser,
  issuerCalls,
  mfaAudienceOf,
  OOB_GRANT,
  randomPhone,
  signIn,
} from "./helpers/issuer-calls.js";

// Email/SMS factors meet the MFA API audience, removal and the audit log.
let t: TestIssuer;
let calls: ReturnType<typeof issuerCalls>;
const events: IssuerEvent[] = [];

beforeAll(async () => {
  t = await startTestIssuer({ onEvent: (event) => void events.push(event) });
  calls = issuerCalls(t);
}, 120_000);
afterAll(() => t.close());

/** A new user who enrolled an SMS factor while asking for the MFA API audience. */
async function smsUser() {
  const user = await createUser(t);
  const login = await signIn(t, user);
  const stop = await calls.token({
    grant_type: "refresh_token",
    refresh_token: login,
    audience: mfaAudienceOf(t),
  });
  expect(stop.body.error).toBe("mfa_required");
  const phone = randomPhone();
  const enrollment = await calls.bearer("POST", "/mfa/associate", stop.body.mfa_token, {
    authenticator_types: ["oob"],
    oob_channels: ["sms"],
    phone_number: phone,
  });
  expect(enrollment.status).toBe(200);
  const done = await calls.token({
    grant_type: OOB_GRANT,
    mfa_token: stop.body.mfa_token,
    oob_code: enrollment.body.oob_code,
    binding_code: await readLatestCode(t, phone),
  });
  expect(done.status).toBe(200);
  return {
    ...user,
    authenticatorId: enrollment.body.id as string,
    mfaApiToken: done.body.access_token as string,
  };
}

describe("email and SMS factors through the MFA API audience", () => {
  it("an SMS enrollment is audited with its id, listed masked, and removable", async () => {
    const u = await smsUser();
    const userId = events.at(-1)?.userId;
    const mine = events.filter((event) => event.userId === userId);
    expect(mine.map((event) => event.type)).toEqual(["mfa.enrolled", "mfa.verified"]);
    expect(mine[0]).toEqual(
      expect.objectContaining({ authenticatorId: u.authenticatorId, authenticatorType: "sms" }),
    );

    const list = await calls.bearer("GET", "/mfa/authenticators", u.mfaApiToken);
    const sms = list.body.find((a: { id: string }) => a.id === u.authenticatorId);
    expect(sms).toEqual(
      expect.objectContaining({ authenticator_type: "oob", oob_channel: "sms", active: true }),
    );
    expect(sms.name).toMatch(/^\+1 \*\*\*-\*\*\*-\d{4}$/);

    const removed = await calls.bearer(
      "DELETE",
      `/mfa/authenticators/${encodeURIComponent(u.authenticatorId)}`,
      u.mfaApiToken,
    );
    expect(removed.status).toBe(204);
    // The last factor gone, its recovery codes go too.
    expect((await calls.bearer("GET", "/mfa/authenticators", u.mfaApiToken)).body).toEqual([]);
    expect(events.at(-2)).toEqual(
      expect.objectContaining({ type: "mfa.removed", authenticatorId: u.authenticatorId }),
    );
  });

  it("another user's email/SMS factor id → 404, and it stays", async () => {
    const alice = await smsUser();
    const bob = await smsUser();
    const cross = await calls.bearer(
      "DELETE",
      `/mfa/authenticators/${encodeURIComponent(bob.authenticatorId)}`,
      alice.mfaApiToken,
    );
    expect([cross.status, cross.body.error]).toEqual([404, "not_found"]);
    const list = await calls.bearer("GET", "/mfa/authenticators", bob.mfaApiToken);
    expect(list.body.map((a: { id: string }) => a.id)).toContain(bob.authenticatorId);
  });

  it("an email/SMS associate with an MFA API access token → 400 unsupported_challenge_type", async () => {
    const u = await smsUser();
    const answer = await calls.bearer("POST", "/mfa/associate", u.mfaApiToken, {
      authenticator_types: ["oob"],
      oob_channels: ["email"],
      email: "second@example.com",
    });
    expect([answer.status, answer.body.error]).toEqual([400, "unsupported_challenge_type"]);
  });
});
