import type { Factor } from "../factor.js";
import { associateWebAuthn } from "./associate.js";
import { deleteAllCeremonies, deletePendingRegistrations } from "./ceremony-store.js";
import { challengeWebAuthn } from "./challenge.js";
import {
  deleteAllCredentials,
  deleteCredential,
  listCredentials,
  renameCredential,
} from "./credential-store.js";
import { mfaWebAuthnGrant, WEBAUTHN_GRANT } from "./grant.js";
import { webauthnHostedStep } from "./hosted-step.js";

/**
 * Passkeys (WebAuthn), with @simplewebauthn/server: credentials in
 * `webauthn_credentials`, ceremonies (the challenges, and the pending
 * registration) in `webauthn_ceremonies`. Listed with their WebAuthn
 * backup flags (`backup_eligible`: a synced, multi-device passkey;
 * `backed_up`: it has been synced) so a settings page can say "synced" or
 * "this device only". amr gains "hwk" or "swk" (amr.ts).
 */
export const webauthnFactor: Factor = {
  name: "webauthn",
  amr: ["hwk", "swk"],
  idPrefix: "webauthn",
  enrollable: true,
  store: {
    async list(_deps, db, userId) {
      const rows = await listCredentials(db, userId);
      return rows.map((row) => ({
        id: `webauthn|${row.id}`,
        key: row.id,
        authenticatorType: "webauthn",
        name: row.name,
        active: true,
        createdAt: row.created_at,
        lastAuthAt: row.last_auth_at,
        extra: {
          backup_eligible: row.device_type === "multiDevice",
          backed_up: row.backed_up,
          ...(row.transports.length > 0 ? { transports: row.transports } : {}),
        },
      }));
    },
    remove: deleteCredential,
    rename: renameCredential,
    deletePending: deletePendingRegistrations,
    async deleteAll(db, userId) {
      await deleteAllCredentials(db, userId);
      await deleteAllCeremonies(db, userId);
    },
  },
  associate: { authenticatorType: "webauthn", handle: associateWebAuthn },
  challenge: { challengeType: "webauthn", handle: challengeWebAuthn },
  grant: { grantType: WEBAUTHN_GRANT, handle: mfaWebAuthnGrant },
  hosted: webauthnHostedStep,
};
