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
  const codes = generateRecoveryCodes();
  await deletePendingRecoveryCodeSets(db, userId);
  await insertRecoveryCodeSet(
    db,
    { id: randomId(12), userId, pendingAuthenticatorId: authenticatorId, now },
    codes.map(hashRecoveryCode),
  );
  await confirmRecoveryCodeSet(db, userId, authenticatorId, now);
  return codes;
}
