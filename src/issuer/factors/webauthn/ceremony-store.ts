import { randomId, sha256Hex } from "../../crypto/hash.js";
import type { SqlClient } from "../../store/sql-client.js";

/** A WebAuthn challenge lives 5 minutes; the options tell the browser the same timeout. */
export const CEREMONY_TTL_MS = 300_000;

/**
 * One registration or authentication ceremony: the challenge handed to the
 * browser and everything its answer is checked against, pinned when it was
 * issued (RP ID, origins, user verification). `code_hash` hashes the opaque
 * oob_code the client redeems it with (stored only as its hash, as
 * email/SMS codes are). `binding` ties it to what started it: an mfa_token
 * (`mfa_token:<its hash>`) or a hosted sign-in (`transaction:<its hash>`),
 * so it is redeemed only with that. A registration is the pending enrollment:
 * its `credential_key` is the id the passkey gets once verified.
 */
export interface CeremonyRow {
  code_hash: string;
  user_id: string;
  binding: string;
  kind: "registration" | "authentication";
  challenge: string;
  rp_id: string;
  origins: string[];
  user_verification: "required" | "preferred" | "discouraged";
  /** Registration: the new passkey's id. Authentication: the one asked for, or null (any of the user's). */
  credential_key: string | null;
  /** Registration: the passkey's label. */
  name: string | null;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
}

/**
 * Stores a new ceremony valid for CEREMONY_TTL_MS, replacing an open one of
 * the same kind and binding, and returns the oob_code that redeems it (32
 * random bytes, given to the client only).
 */
export async function createCeremony(
  db: SqlClient,
  fields: Omit<CeremonyRow, "code_hash" | "expires_at" | "consumed_at">,
): Promise<string> {
  const oobCode = randomId(32);
  await insertCeremony(db, {
    ...fields,
    code_hash: sha256Hex(oobCode),
    expires_at: fields.created_at + CEREMONY_TTL_MS,
  });
  return oobCode;
}

async function insertCeremony(db: SqlClient, row: Omit<CeremonyRow, "consumed_at">): Promise<void> {
  // One open ceremony of a kind per binding: a new challenge replaces the
  // previous one, so an mfa_token cannot pile up live challenges.
  await db.query(
    `DELETE FROM webauthn_ceremonies
     WHERE binding = $1 AND kind = $2 AND consumed_at IS NULL`,
    [row.binding, row.kind],
  );
  await db.query(
    `INSERT INTO webauthn_ceremonies
       (code_hash, user_id, binding, kind, challenge, rp_id, origins, user_verification,
        credential_key, name, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      row.code_hash,
      row.user_id,
      row.binding,
      row.kind,
      row.challenge,
      row.rp_id,
      row.origins,
      row.user_verification,
      row.credential_key,
      row.name,
      row.created_at,
      row.expires_at,
    ],
  );
  // Housekeeping: a user's spent and expired ceremonies are worth nothing.
  await db.query(
    `DELETE FROM webauthn_ceremonies
     WHERE user_id = $1 AND (consumed_at IS NOT NULL OR expires_at <= $2)`,
    [row.user_id, row.created_at],
  );
}

export async function findCeremonyByCode(
  db: SqlClient,
  codeHash: string,
): Promise<CeremonyRow | undefined> {
  const rows = await db.query<CeremonyRow>(
    "SELECT * FROM webauthn_ceremonies WHERE code_hash = $1",
    [codeHash],
  );
  return rows[0];
}

/** The ceremony that issued `challenge` (the hosted page finds it from the answer's clientDataJSON). */
export async function findCeremonyByChallenge(
  db: SqlClient,
  challenge: string,
): Promise<CeremonyRow | undefined> {
  const rows = await db.query<CeremonyRow>(
    "SELECT * FROM webauthn_ceremonies WHERE challenge = $1",
    [challenge],
  );
  return rows[0];
}

/**
 * Spends a ceremony before its answer is checked, so a challenge is answered
 * at most once whatever the outcome (a replayed or retried answer finds it
 * spent). Atomic compare-and-set: true for exactly one of racing requests,
 * never for an expired or spent ceremony.
 */
export async function claimCeremony(
  db: SqlClient,
  codeHash: string,
  now: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE webauthn_ceremonies SET consumed_at = $2
     WHERE code_hash = $1 AND consumed_at IS NULL AND expires_at > $2 RETURNING code_hash`,
    [codeHash, now],
  );
  return rows.length === 1;
}

/** Drops the user's registrations still waiting for an answer (one enrollment at a time). */
export async function deletePendingRegistrations(db: SqlClient, userId: string): Promise<void> {
  await db.query(
    "DELETE FROM webauthn_ceremonies WHERE user_id = $1 AND kind = 'registration' AND consumed_at IS NULL",
    [userId],
  );
}

export async function deleteAllCeremonies(db: SqlClient, userId: string): Promise<void> {
  await db.query("DELETE FROM webauthn_ceremonies WHERE user_id = $1", [userId]);
}
