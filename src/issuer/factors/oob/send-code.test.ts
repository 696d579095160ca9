import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { openPooledStore } from "../../../testing/store-pool.js";
import { LIMITS, type IssuerDeps } from "../../deps.js";
import type { SqlStore } from "../../store/sql-client.js";
import { releaseOobSend, reserveOobSend } from "./send-code.js";

let db: SqlStore;
let now = 1_000_000;
let deps: IssuerDeps;
beforeAll(async () => {
  // Migrated already (the test image); store.test.ts covers migrating a fresh database.
  db = await openPooledStore();
  deps = {
    db,
    clock: () => now,
    oobSendPolicy: LIMITS.oobSend,
    smsLimits: { perAccountPerHour: 3, perDestinationPerHour: 2, perIssuerPerHour: 100 },
  } as unknown as IssuerDeps;
});
afterAll(() => db.close());

describe("reserveOobSend for SMS", () => {
  const sms = (userId: string, to: string) => ({ channel: "sms" as const, userId, to });

  it("caps one account across numbers; a released send does not count", async () => {
    const key = (n: number) => `oob|acct-${n}`;
    await reserveOobSend(deps, key(1), sms("acct", "+15550000001"));
    const second = await reserveOobSend(deps, key(2), sms("acct", "+15550000002"));
    await releaseOobSend(deps, second);
    await reserveOobSend(deps, key(3), sms("acct", "+15550000003"));
    await reserveOobSend(deps, key(4), sms("acct", "+15550000004"));
    await expect(reserveOobSend(deps, key(5), sms("acct", "+15550000005"))).rejects.toMatchObject({
      code: "too_many_attempts",
    });
    // The refused reservation kept nothing: another account on that number still fits.
    await expect(reserveOobSend(deps, key(6), sms("other", "+15550000005"))).resolves.toBeTruthy();
    now += 3_600_000;
    await expect(reserveOobSend(deps, key(7), sms("acct", "+15550000007"))).resolves.toBeTruthy();
  });

  it("leaves email alone", async () => {
    for (let i = 0; i < 5; i++) {
      await reserveOobSend(deps, `oob|mail-${i}`, { channel: "email", userId: "m", to: "a@b.c" });
    }
  });
});
