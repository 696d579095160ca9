import { randomId } from "../crypto/hash.js";
import type { SqlClient } from "../store/sql-client.js";
import { insertOutboxMessage } from "../store/outbox.js";
import type { Delivery } from "./delivery.js";

/**
 * The development delivery: messages are kept in the store's `outbox` table,
 * listed by `GET /dev/outbox` (devMode only) and by `readOutbox` in tests.
 * Destinations and codes are kept in clear there, which is why it is meant for
 * development and tests, never for real users.
 */
export function createOutboxDelivery(db: SqlClient, clock: () => number): Delivery {
  return {
    async send(message) {
      await insertOutboxMessage(db, {
        id: randomId(12),
        channel: message.channel,
        recipient: message.to,
        subject: message.subject ?? null,
        body: message.text,
        created_at: clock(),
      });
    },
  };
}
