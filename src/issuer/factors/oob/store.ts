import type { SqlClient } from "../../store/sql-client.js";

/** The delivery channel of an out-of-band factor. */
export type OobChannel = "email" | "sms";

/** An email or SMS factor; the destination is sealed (SecretBox, purpose oobDestination). */
export interface OobAuthenticatorRow {
  id: string;
  user_id: string;
  channel: OobChannel;
  destination_sealed: string;
  created_at: number;
  confirmed_at: number | null;
  last_auth_at: number | null;
}

export async function listOobAuthenticators(
  db: SqlClient,
  userId: string,
): Promise<OobAuthenticatorRow[]> {
  return db.query<OobAuthenticatorRow>(
    "SELECT * FROM oob_authenticators WHERE user_id = $1 ORDER BY created_at, id",
    [userId],
  );
}

export async function findOobAuthenticator(
  db: SqlClient,
  id: string,
): Promise<OobAuthenticatorRow | undefined> {
  const rows = await db.query<OobAuthenticatorRow>(
    "SELECT * FROM oob_authenticators WHERE id = $1",
    [id],
  );
  return rows[0];
}

export async function insertOobAuthenticator(
  db: SqlClient,
  row: Pick<
    OobAuthenticatorRow,
    "id" | "user_id" | "channel" | "destination_sealed" | "created_at"
  >,
): Promise<void> {
  await db.query(
    `INSERT INTO oob_authenticators (id, user_id, channel, destination_sealed, created_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [row.id, row.user_id, row.channel, row.destination_sealed, row.created_at],
  );
}

/** A new enrollment replaces one still pending (never a confirmed one); its codes go with it. */
export async function deletePendingOobAuthenticators(db: SqlClient, userId: string): Promise<void> {
  await db.query("DELETE FROM oob_authenticators WHERE user_id = $1 AND confirmed_at IS NULL", [
    userId,
  ]);
}

/** Drops one pending enrollment (its code could not be delivered). */
export async function deletePendingOobAuthenticator(db: SqlClient, id: string): Promise<void> {
  await db.query("DELETE FROM oob_authenticators WHERE id = $1 AND confirmed_at IS NULL", [id]);
}

/** Records a successful use; the first one confirms a pending enrollment. */
export async function markOobAuthenticatorUsed(
  db: SqlClient,
  id: string,
  now: number,
): Promise<void> {
  await db.query(
    `UPDATE oob_authenticators SET last_auth_at = $2, confirmed_at = COALESCE(confirmed_at, $2)
     WHERE id = $1`,
    [id, now],
  );
}

/** Deletes one confirmed email/SMS factor of the user (its codes cascade); false when not theirs. */
export async function deleteConfirmedOobAuthenticator(
  db: SqlClient,
  userId: string,
  id: string,
  channel: OobChannel,
): Promise<boolean> {
  const rows = await db.query(
    `DELETE FROM oob_authenticators WHERE id = $1 AND user_id = $2 AND channel = $3
       AND confirmed_at IS NOT NULL RETURNING id`,
    [id, userId, channel],
  );
  return rows.length === 1;
}

/** Deletes every email/SMS factor of the user, pending ones too (MFA reset). */
export async function deleteAllOobAuthenticators(db: SqlClient, userId: string): Promise<number> {
  const rows = await db.query("DELETE FROM oob_authenticators WHERE user_id = $1 RETURNING id", [
    userId,
  ]);
  return rows.length;
}
