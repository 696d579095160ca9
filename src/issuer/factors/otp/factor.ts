import type { Factor } from "../factor.js";
import { associateOtp } from "./associate.js";
import { challengeOtp } from "./challenge.js";
import { mfaOtpGrant } from "./grant.js";
import { otpHostedEnrollment } from "./hosted-enrollment.js";
import { otpHostedStep } from "./hosted-step.js";
import {
  deleteAllAuthenticators,
  deleteConfirmedAuthenticator,
  deletePendingAuthenticators,
  listAuthenticators,
} from "./store.js";

/** TOTP (an authenticator app), stored in `authenticators` with type "totp". */
export const otpFactor: Factor = {
  name: "otp",
  amr: ["otp"],
  idPrefix: "totp",
  enrollable: true,
  store: {
    async list(_deps, db, userId) {
      const rows = await listAuthenticators(db, userId);
      return rows
        .filter((row) => row.type === "totp" && row.confirmed_at !== null)
        .map((row) => ({
          id: `totp|${row.id}`,
          key: row.id,
          authenticatorType: "otp",
          name: "Authenticator app",
          active: true,
          createdAt: row.created_at,
          lastAuthAt: row.last_auth_at,
        }));
    },
    remove: (db, userId, key) => deleteConfirmedAuthenticator(db, userId, key, "totp"),
    deletePending: (db, userId) => deletePendingAuthenticators(db, userId, "totp"),
    async deleteAll(db, userId) {
      await deleteAllAuthenticators(db, userId);
    },
  },
  associate: { authenticatorType: "otp", handle: associateOtp },
  challenge: { challengeType: "otp", handle: challengeOtp },
  grant: { grantType: "http://auth0.com/oauth/grant-type/mfa-otp", handle: mfaOtpGrant },
  hosted: { ...otpHostedStep, enroll: otpHostedEnrollment },
};
