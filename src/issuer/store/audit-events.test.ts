import { describe, expect, it } from "@jest/globals";
import { openPooledStore } from "../../testing/store-pool.js";
import { insertAuditEvent, listAuditEvents } from "./audit-events.js";

describe("audit events", () => {
  it("lists a user's events newest first, in insertion order within one millisecond", async () => {
    const db = await openPooledStore();
    try {
      const event = (id: string, type: string, createdAt: number) => ({
        id,
        user_id: "u1",
        type,
        authenticator_id: null,
        authenticator_type: null,
        client_id: null,
        actor: "user",
        created_at: createdAt,
      });
      // Ids sort against insertion order, so only the sequence can give this order.
      await insertAuditEvent(db, event("z-first", "mfa.enrolled", 1000));
      await insertAuditEvent(db, event("m-second", "mfa.verified", 1000));
      await insertAuditEvent(db, event("a-third", "mfa.reset", 1000));
      await insertAuditEvent(db, event("b-older", "mfa.failed", 999));
      const rows = await listAuditEvents(db, "u1", 10);
      expect(rows.map((row) => row.type)).toEqual([
        "mfa.reset",
        "mfa.verified",
        "mfa.enrolled",
        "mfa.failed",
      ]);
    } finally {
      await db.close();
    }
  });
});
