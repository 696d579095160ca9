import type { Factor } from "../factor.js";
import { mfaRecoveryCodeGrant } from "./grant.js";
import { recoveryCodeHostedStep } from "./hosted-step.js";
import {
  deleteAllRecoveryCodeSets,
  deletePendingRecoveryCodeSets,
  findActiveRecoveryCodeSet,
} from "./store.js";

/**
 * Recovery codes: one set per user, handed out with the first factor. Not a
 * factor of its own (no associate, no challenge, never counted as a distinct
 * factor) and never removed on its own (regenerated with POST /mfa/recovery-codes).
 * amr gains "rcode" (not an RFC 8176 value: none fits a recovery code).
 */
export const recoveryCodeFactor: Factor = {
  name: "recovery-code",
  amr: ["rcode"],
  idPrefix: "recovery-code",
  enrollable: false,
  store: {
    async list(_deps, db, userId) {
      const set = await findActiveRecoveryCodeSet(db, userId);
      if (!set) return [];
      return [
        {
          id: `recovery-code|${set.id}`,
          key: set.id,
          authenticatorType: "recovery-code",
          active: set.remaining > 0,
          createdAt: set.created_at,
          lastAuthAt: set.last_auth_at,
        },
      ];
    },
    deletePending: deletePendingRecoveryCodeSets,
    async deleteAll(db, userId) {
      await deleteAllRecoveryCodeSets(db, userId);
    },
  },
  grant: {
    grantType: "http://auth0.com/oauth/grant-type/mfa-recovery-code",
    handle: mfaRecoveryCodeGrant,
  },
  hosted: recoveryCodeHostedStep,
};
