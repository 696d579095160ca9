import { describe, expect, it } from "@jest/globals";
import type { IssuerDeps } from "../deps.js";
import type { IssuerEvent } from "../options.js";
import type { SqlClient } from "../store/sql-client.js";
import { recordEvent } from "./record-event.js";

function depsWith(db: Partial<SqlClient>, onEvent?: (event: IssuerEvent) => unknown) {
  const logged: string[] = [];
  const deps = {
    db,
    clock: () => 1_700_000_000_000,
    logger: (message: string) => logged.push(message),
    onEvent,
  } as unknown as IssuerDeps;
  return { deps, logged };
}

describe("recordEvent", () => {
  it("stores the event with ids only, then calls the hook", async () => {
    const rows: unknown[][] = [];
    const seen: IssuerEvent[] = [];
    const { deps } = depsWith(
      {
        query: async (_sql: string, params?: unknown[]) => {
          rows.push(params ?? []);
          return [];
        },
      } as Partial<SqlClient>,
      (event) => seen.push(event),
    );
    const event = await recordEvent(deps, {
      type: "mfa.removed",
      userId: "u1",
      authenticatorId: "totp|a1",
      authenticatorType: "otp",
      actor: "user",
      clientId: "c1",
    });
    expect(event.time).toBe(1_700_000_000_000);
    expect(rows).toEqual([
      [event.id, "u1", "mfa.removed", "totp|a1", "otp", "c1", "user", 1_700_000_000_000],
    ]);
    expect(seen).toEqual([event]);
  });

  it.each([
    [
      "a throwing hook",
      () => {
        throw new Error("down");
      },
    ],
    ["a rejecting hook", () => Promise.reject(new Error("down"))],
  ])("%s is logged, not thrown", async (_name, hook) => {
    const { deps, logged } = depsWith({ query: async () => [] } as Partial<SqlClient>, hook);
    await expect(
      recordEvent(deps, { type: "mfa.failed", userId: "u1", actor: "user" }),
    ).resolves.toEqual(expect.objectContaining({ type: "mfa.failed" }));
    expect(logged).toHaveLength(1);
  });

  it("a store failure is logged and the hook still runs", async () => {
    const seen: string[] = [];
    const { deps, logged } = depsWith(
      { query: () => Promise.reject(new Error("db down")) } as Partial<SqlClient>,
      (event) => seen.push(event.type),
    );
    await recordEvent(deps, { type: "mfa.reset", userId: "u1", actor: "admin", clientId: "a" });
    expect(logged).toHaveLength(1);
    expect(seen).toEqual(["mfa.reset"]);
  });
});
