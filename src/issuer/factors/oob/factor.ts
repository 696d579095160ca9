import type { Factor } from "../factor.js";
import { associateOob } from "./associate.js";
import { challengeOob } from "./challenge.js";
import { maskEmail, maskPhoneNumber } from "./code-and-destination.js";
import { mfaOobGrant } from "./grant.js";
import { emailHostedStep, smsHostedStep } from "./hosted-step.js";
import {
  deleteAllOobAuthenticators,
  deleteConfirmedOobAuthenticator,
  deletePendingOobAuthenticators,
  listOobAuthenticators,
  type OobChannel,
} from "./store.js";

/**
 * Email and SMS are one folder with two registry entries: Auth0's MFA API
 * treats them as one authenticator type (`oob`) with a channel, so they share
 * the table, associate, challenge and grant, and differ only in their channel,
 * their destination's format and their page texts.
 */
function oobFactor(channel: OobChannel): Factor {
  return {
    name: channel,
    // RFC 8176 §2 has "sms"; it has no value for a code sent by email, so
    // "email" is ours, named like the factor in mfa_requirements.
    amr: [channel],
    idPrefix: channel,
    enrollable: true,
    store: {
      async list(deps, db, userId) {
        const rows = await listOobAuthenticators(db, userId);
        return rows
          .filter((row) => row.channel === channel && row.confirmed_at !== null)
          .map((row) => {
            const to = deps.oobBox.open(row.destination_sealed, `oob|${row.id}`);
            // The name is the masked destination: enough to tell factors apart, never the full one.
            const destination = channel === "email" ? maskEmail(to) : maskPhoneNumber(to);
            return {
              id: `${channel}|${row.id}`,
              key: row.id,
              authenticatorType: "oob",
              oobChannel: channel,
              name: destination,
              destination,
              active: true,
              createdAt: row.created_at,
              lastAuthAt: row.last_auth_at,
            };
          });
      },
      remove: (db, userId, key) => deleteConfirmedOobAuthenticator(db, userId, key, channel),
      deletePending: deletePendingOobAuthenticators,
      async deleteAll(db, userId) {
        await deleteAllOobAuthenticators(db, userId);
      },
    },
    associate: { authenticatorType: "oob", handle: associateOob },
    challenge: { challengeType: "oob", handle: challengeOob },
    grant: { grantType: "http://auth0.com/oauth/grant-type/mfa-oob", handle: mfaOobGrant },
    hosted: channel === "email" ? emailHostedStep : smsHostedStep,
  };
}

export const emailFactor = oobFactor("email");
export const smsFactor = oobFactor("sms");
