import type { Factor } from "../factor.js";
import { associatePush } from "./associate.js";
import { challengePush } from "./challenge.js";
import { mfaPushGrant } from "./grant.js";
import { PUSH_CODE_PREFIX } from "./request.js";
import {
  deleteAllPushAuthenticators,
  deleteConfirmedPushAuthenticator,
  deletePendingPushAuthenticators,
  listPushAuthenticators,
} from "./store.js";

/**
 * The development push factor: Auth0's Guardian push (oob channel `auth0`)
 * with the dev outbox as the device, which shows Approve / Deny for each
 * pending push, so an app's push flow runs locally as it will against Auth0.
 * It shares Auth0's wire shapes with email/SMS (associate and challenge `oob`,
 * the mfa-oob grant) and takes the requests that are its own: channel
 * `auth0`, ids `push|…`, oob_codes `push.…`. Development only (devMode).
 */
export const pushFactor: Factor = {
  name: "push",
  // RFC 8176 has no value for a push approval; "push" is ours, named like the factor.
  amr: ["push"],
  idPrefix: "push",
  enrollable: true,
  devOnly: true,
  store: {
    async list(_deps, db, userId) {
      const rows = await listPushAuthenticators(db, userId);
      return rows
        .filter((row) => row.confirmed_at !== null)
        .map((row) => ({
          id: `push|${row.id}`,
          key: row.id,
          authenticatorType: "oob",
          oobChannel: "auth0",
          name: row.name,
          active: true,
          createdAt: row.created_at,
          lastAuthAt: row.last_auth_at,
        }));
    },
    remove: deleteConfirmedPushAuthenticator,
    deletePending: deletePendingPushAuthenticators,
    deleteAll: deleteAllPushAuthenticators,
  },
  associate: {
    authenticatorType: "oob",
    accepts: (params) => [params.oob_channels].flat().includes("auth0"),
    handle: associatePush,
  },
  challenge: {
    challengeType: "oob",
    accepts: (authenticatorId) => authenticatorId?.startsWith("push|") ?? false,
    handle: challengePush,
  },
  grant: {
    grantType: "http://auth0.com/oauth/grant-type/mfa-oob",
    accepts: (params) =>
      typeof params.oob_code === "string" && params.oob_code.startsWith(PUSH_CODE_PREFIX),
    handle: mfaPushGrant,
  },
};
