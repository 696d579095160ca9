import type { SqlClient } from "./sql-client.js";

export interface UserRow {
  id: string;
  email: string;
  name: string | null;
  password_hash: string;
  created_at: number;
  /** The user proved the address (a sign-up code), or an operator vouched for it (seeded users). */
  email_verified: boolean;
}

/** Emails compare case-insensitively; we store them lower-cased and trimmed. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: SqlClient, email: string): Promise<UserRow | undefined> {
  const rows = await db.query<UserRow>("SELECT * FROM users WHERE email = $1", [
    normalizeEmail(email),
  ]);
  return rows[0];
}

export async function findUserById(db: SqlClient, id: string): Promise<UserRow | undefined> {
  const rows = await db.query<UserRow>("SELECT * FROM users WHERE id = $1", [id]);
  return rows[0];
}

/**
 * Inserts the user unless the email exists (seeding is idempotent across
 * restarts); true when this call created it. `email_verified` defaults to false.
 */
export async function insertUserIfAbsent(
  db: SqlClient,
  row: Omit<UserRow, "email_verified"> & { email_verified?: boolean },
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO users (id, email, name, password_hash, created_at, email_verified)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (email) DO NOTHING RETURNING id`,
    [
      row.id,
      normalizeEmail(row.email),
      row.name,
      row.password_hash,
      row.created_at,
      row.email_verified ?? false,
    ],
  );
  return rows.length === 1;
}

/** Records that the user proved their address. */
export async function markEmailVerified(db: SqlClient, userId: string): Promise<void> {
  await db.query("UPDATE users SET email_verified = true WHERE id = $1", [userId]);
}

/**
 * Replaces a password hash only if it is still `expected` (compare-and-set in
 * one statement): a concurrent password change or upgrade is never
 * overwritten, and the row always holds a hash of a password the user knows.
 * False when the row changed meanwhile.
 */
export async function replacePasswordHash(
  db: SqlClient,
  id: string,
  expected: string,
  replacement: string,
): Promise<boolean> {
  const rows = await db.query(
    "UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2 RETURNING id",
    [id, expected, replacement],
  );
  return rows.length === 1;
}
