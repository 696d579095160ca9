import type { SqlClient } from "./sql-client.js";

export interface AuditEventRow {
  id: string;
  user_id: string;
  type: string;
  authenticator_id: string | null;
  authenticator_type: string | null;
  client_id: string | null;
  actor: string;
  created_at: number;
}

export async function insertAuditEvent(db: SqlClient, row: AuditEventRow): Promise<void> {
  await db.query(
    `INSERT INTO audit_events (id, user_id, type, authenticator_id, authenticator_type, client_id, actor, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      row.id,
      row.user_id,
      row.type,
      row.authenticator_id,
      row.authenticator_type,
      row.client_id,
      row.actor,
      row.created_at,
    ],
  );
}

/**
 * A user's events, newest first. Events of one request share a millisecond
 * (enrolled, then verified): the insertion sequence keeps them in order.
 */
export async function listAuditEvents(
  db: SqlClient,
  userId: string,
  limit: number,
): Promise<AuditEventRow[]> {
  return db.query<AuditEventRow>(
    "SELECT * FROM audit_events WHERE user_id = $1 ORDER BY created_at DESC, seq DESC LIMIT $2",
    [userId, limit],
  );
}
