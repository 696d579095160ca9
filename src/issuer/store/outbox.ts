import type { SqlClient } from "./sql-client.js";

/** A message kept by the dev outbox instead of being sent. */
export interface OutboxRow {
  id: string;
  channel: "email" | "sms";
  recipient: string;
  subject: string | null;
  body: string;
  created_at: number;
}

export async function insertOutboxMessage(db: SqlClient, row: OutboxRow): Promise<void> {
  await db.query(
    `INSERT INTO outbox (id, channel, recipient, subject, body, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [row.id, row.channel, row.recipient, row.subject, row.body, row.created_at],
  );
}

/** Newest first (insertion order breaks ties between equal clock readings). */
export async function listOutboxMessages(
  db: SqlClient,
  filter: { recipient?: string; channel?: string; limit?: number } = {},
): Promise<OutboxRow[]> {
  return db.query<OutboxRow>(
    `SELECT id, channel, recipient, subject, body, created_at FROM outbox
     WHERE ($1::text IS NULL OR recipient = $1) AND ($2::text IS NULL OR channel = $2)
     ORDER BY created_at DESC, seq DESC LIMIT $3`,
    [filter.recipient ?? null, filter.channel ?? null, filter.limit ?? 200],
  );
}
