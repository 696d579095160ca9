import type { SqlClient } from "../../store/sql-client.js";

/** "singleDevice": the key never leaves the authenticator; "multiDevice": it may sync (backup eligible). */
export type CredentialDeviceType = "singleDevice" | "multiDevice";

/**
 * A registered passkey. `credential_id` (base64url) is the authenticator's
 * handle and goes to every browser that asks in allowCredentials, so it is
 * not a secret. The public key is not secret either, but it is sealed with
 * the row id as context: a key swapped in the store by someone without the
 * issuer secret fails to open instead of verifying their own signatures.
 * Only confirmed passkeys have a row (a registration is pending as its
 * ceremony, see ceremony-store.ts).
 */
export interface CredentialRow {
  id: string;
  user_id: string;
  credential_id: string;
  public_key_sealed: string;
  rp_id: string;
  counter: number;
  transports: string[];
  device_type: CredentialDeviceType;
  backed_up: boolean;
  name: string;
  created_at: number;
  last_auth_at: number | null;
}

export async function listCredentials(db: SqlClient, userId: string): Promise<CredentialRow[]> {
  const rows = await db.query<CredentialRow>(
    "SELECT * FROM webauthn_credentials WHERE user_id = $1 ORDER BY created_at, id",
    [userId],
  );
  return rows.map(normalize);
}

/** By the authenticator's credential id (any user: the caller checks whose it is). */
export async function findCredentialByCredentialId(
  db: SqlClient,
  credentialId: string,
): Promise<CredentialRow | undefined> {
  const rows = await db.query<CredentialRow>(
    "SELECT * FROM webauthn_credentials WHERE credential_id = $1",
    [credentialId],
  );
  return rows[0] && normalize(rows[0]);
}

/** Stores a verified registration; false when the credential id is already registered (to anyone). */
export async function insertCredential(
  db: SqlClient,
  row: Omit<CredentialRow, "last_auth_at">,
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO webauthn_credentials
       (id, user_id, credential_id, public_key_sealed, rp_id, counter, transports, device_type,
        backed_up, name, created_at, last_auth_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
     ON CONFLICT (credential_id) DO NOTHING RETURNING id`,
    [
      row.id,
      row.user_id,
      row.credential_id,
      row.public_key_sealed,
      row.rp_id,
      row.counter,
      row.transports,
      row.device_type,
      row.backed_up,
      row.name,
      row.created_at,
    ],
  );
  return rows.length === 1;
}

/**
 * Records a verified assertion. Atomic compare-and-set on the signature
 * counter (WebAuthn §6.1.1): it must grow, unless the authenticator keeps
 * none (0 before and now, as synced passkeys do). False when a racing request
 * already used this counter value.
 */
export async function recordAssertion(
  db: SqlClient,
  id: string,
  assertion: { counter: number; backedUp: boolean; now: number },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE webauthn_credentials SET counter = $2, backed_up = $3, last_auth_at = $4
     WHERE id = $1 AND (counter < $2 OR (counter = 0 AND $2 = 0)) RETURNING id`,
    [id, assertion.counter, assertion.backedUp, assertion.now],
  );
  return rows.length === 1;
}

/** Renames one of the user's passkeys; false when it is absent or another user's. */
export async function renameCredential(
  db: SqlClient,
  userId: string,
  id: string,
  name: string,
): Promise<boolean> {
  const rows = await db.query(
    "UPDATE webauthn_credentials SET name = $3 WHERE id = $1 AND user_id = $2 RETURNING id",
    [id, userId, name],
  );
  return rows.length === 1;
}

/** Deletes one of the user's passkeys; false when it is absent or another user's. */
export async function deleteCredential(
  db: SqlClient,
  userId: string,
  id: string,
): Promise<boolean> {
  const rows = await db.query(
    "DELETE FROM webauthn_credentials WHERE id = $1 AND user_id = $2 RETURNING id",
    [id, userId],
  );
  return rows.length === 1;
}

export async function deleteAllCredentials(db: SqlClient, userId: string): Promise<void> {
  await db.query("DELETE FROM webauthn_credentials WHERE user_id = $1", [userId]);
}

// bigint columns come back as numbers from both drivers; transports may be null-free arrays only.
function normalize(row: CredentialRow): CredentialRow {
  return { ...row, counter: Number(row.counter), transports: row.transports ?? [] };
}
