import { LIMITS, type IssuerDeps } from "../deps.js";
import { clientAddress } from "../http/client-address.js";
import {
  refundBucketToken,
  reserveBucketToken,
  type BucketPolicy,
} from "../store/attempt-buckets.js";
import { normalizeEmail } from "../store/users.js";

/** A password attempt's reservation: give it back when the password was right. */
export type PasswordReservation =
  { ok: true; refund(): Promise<void> } | { ok: false; wait: number };

/**
 * Reserves one password attempt for `email` BEFORE the password is checked,
 * from two buckets: this email from this client address (LIMITS.loginAttemptBucket),
 * and this email from anywhere (LIMITS.loginEmailBucket, larger and slower).
 * The first stops one guesser; the second a guesser spread over many
 * addresses; neither lets someone elsewhere lock the owner out for long.
 */
export async function reservePasswordAttempt(
  deps: IssuerDeps,
  request: Request,
  email: string,
): Promise<PasswordReservation> {
  const now = deps.clock();
  const normalized = normalizeEmail(email);
  const buckets: Array<[string, BucketPolicy]> = [
    [`login:${normalized}|${clientAddress(request)}`, LIMITS.loginAttemptBucket],
    [`login-email:${normalized}`, LIMITS.loginEmailBucket],
  ];
  const taken: Array<[string, BucketPolicy]> = [];
  const refund = async () => {
    for (const [key, policy] of taken) await refundBucketToken(deps.db, key, policy);
  };
  for (const [key, policy] of buckets) {
    const reservation = await reserveBucketToken(deps.db, key, policy, now);
    if (!reservation.ok) {
      await refund();
      return { ok: false, wait: reservation.wait };
    }
    taken.push([key, policy]);
  }
  return { ok: true, refund };
}
