import { describe, expect, it } from "@jest/globals";
import type { TokenEndpointResponse } from "oauth4webapi";
import { StepUpError } from "../../errors/index.js";
import { createRefreshFlights, MAX_ENTRIES, REMEMBER_FOR_MS } from "./refresh-flights.js";

const base = { sid: "s1", audience: "https://api.example.com/a", scope: "" };

/** A grant that rotates: token n → token n+1, recording what it was sent. */
function rotatingGrant() {
  const sent: string[] = [];
  let n = 0;
  const grant = async (refreshToken: string): Promise<TokenEndpointResponse> => {
    sent.push(refreshToken);
    await new Promise((resolve) => setTimeout(resolve, 5));
    n += 1;
    return {
      access_token: `at-${n}`,
      refresh_token: `rt-${n}`,
      token_type: "bearer",
    } as TokenEndpointResponse;
  };
  return { sent, grant };
}

describe("createRefreshFlights", () => {
  it("shares one grant between callers asking the same thing with the same cookie", async () => {
    const flights = createRefreshFlights(() => 0);
    const { sent, grant } = rotatingGrant();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => flights.run({ ...base, refreshToken: "rt-0" }, grant)),
    );
    expect(sent).toEqual(["rt-0"]);
    expect(new Set(answers.map((a) => a.access_token))).toEqual(new Set(["at-1"]));
  });

  it("runs grants of one session in turn, never sending a rotated token again", async () => {
    const flights = createRefreshFlights(() => 0);
    const { sent, grant } = rotatingGrant();
    await Promise.all([
      flights.run({ ...base, refreshToken: "rt-0" }, grant),
      flights.run({ ...base, audience: "b", refreshToken: "rt-0" }, grant),
      flights.run({ ...base, audience: "c", maxAge: 60, refreshToken: "rt-0" }, grant),
    ]);
    expect(sent).toEqual(["rt-0", "rt-1", "rt-2"]);
    // A later request still holding the first cookie's token is given the newest one.
    await flights.run({ ...base, audience: "d", refreshToken: "rt-1" }, grant);
    expect(sent.at(-1)).toBe("rt-3");
  });

  it("gives every waiter the grant's error and forgets it", async () => {
    const flights = createRefreshFlights(() => 0);
    let calls = 0;
    const failing = async (): Promise<TokenEndpointResponse> => {
      calls += 1;
      await Promise.resolve();
      throw new StepUpError("invalid_grant");
    };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 3 }, () => flights.run({ ...base, refreshToken: "rt-0" }, failing)),
    );
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(calls).toBe(1);
    await flights.run({ ...base, refreshToken: "rt-0" }, failing).catch(() => undefined);
    expect(calls).toBe(2);
  });

  it("forgets rotations after the remembering window", async () => {
    let now = 0;
    const flights = createRefreshFlights(() => now);
    const { sent, grant } = rotatingGrant();
    await flights.run({ ...base, refreshToken: "rt-0" }, grant);
    now += REMEMBER_FOR_MS + 1;
    await flights.run({ ...base, audience: "b", refreshToken: "rt-0" }, grant);
    expect(sent).toEqual(["rt-0", "rt-0"]);
  });

  it("keeps at most MAX_ENTRIES rotations, dropping the oldest", async () => {
    const flights = createRefreshFlights(() => 0);
    const sent: string[] = [];
    const grant = async (token: string) => {
      sent.push(token);
      return { access_token: "at", refresh_token: `${token}'`, token_type: "bearer" } as const;
    };
    for (let i = 0; i <= MAX_ENTRIES; i++) {
      await flights.run({ ...base, sid: `s${i}`, refreshToken: `rt-${i}` }, grant);
    }
    await flights.run({ ...base, sid: "s0", audience: "b", refreshToken: "rt-0" }, grant);
    await flights.run({ ...base, sid: "s2", audience: "b", refreshToken: "rt-2" }, grant);
    expect(sent.slice(-2)).toEqual(["rt-0", "rt-2'"]);
  });

  it("forgets a signed-out session's settled grants, and only that session's", async () => {
    const flights = createRefreshFlights(() => 0);
    const { sent, grant } = rotatingGrant();
    await flights.run({ ...base, refreshToken: "rt-0" }, grant);
    await flights.run({ ...base, sid: "s2", refreshToken: "x-0" }, grant);
    flights.forget(base.sid);
    // The same cookie again: a new grant (the issuer decides), not the remembered answer.
    await flights.run({ ...base, refreshToken: "rt-0" }, grant);
    await flights.run({ ...base, sid: "s2", refreshToken: "x-0" }, grant);
    expect(sent).toEqual(["rt-0", "x-0", "rt-1"]);
  });
});
