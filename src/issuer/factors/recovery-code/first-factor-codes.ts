import { randomId } from "../../crypto/hash.js";
import type { SqlClient } from "../../store/sql-client.js";
import { generateRecoveryCodes, hashRecoveryCode } from "./codes.js";
import {
  confirmRecoveryCodeSet,
  deletePendingRecoveryCodeSets,
  insertRecoveryCodeSet,
} from "./store.js";

/**
 * Gives the user who just confirmed a first factor a set of recovery codes
 * (hashed at rest, the plain codes returned to be shown once), replacing any
 * earlier set. Runs inside the confirming transaction.
 */
export async function issueRecoveryCodes(
  db: SqlClient,
  userId: string,
  authenticatorId: string,
  now: number,
): Promise<string[]> {
  await deletePendingRecoveryCodeSets(db, userId);
  const codes = await insertPendingRecoveryCodes(db, userId, authenticatorId, now);
  await confirmRecoveryCodeSet(db, userId, authenticatorId, now);
  return codes;
}

/**
 * The recovery codes a first factor's enrollment comes with: stored hashed
 * and pending until the factor is confirmed (inside the enrollment's
 * transaction); the plain codes are returned to be shown once.
 */
export async function insertPendingRecoveryCodes(
  db: SqlClient,
  userId: string,
  authenticatorId: string,
  now: number,
): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await insertRecoveryCodeSet(
    db,
    { id: randomId(12), userId, pendingAuthenticatorId: authenticatorId, now },
    codes.map(hashRecoveryCode),
  );
  return codes;
}
