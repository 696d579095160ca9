import { randomId, sha256Hex } from "../../crypto/hash.js";
import type { SqlClient } from "../../store/sql-client.js";
import { insertPushRequest, type PushRequestRow } from "./store.js";

/**
 * Every push oob_code starts with this: the mfa-oob grant, which email/SMS
 * share, hands a code with it to the push factor (`.` is outside base64url,
 * so no email/SMS code can start with it).
 */
export const PUSH_CODE_PREFIX = "push.";

/** How long a device has to answer: a sign-in push, and an enrollment (Auth0: scan within 5 minutes). */
export const PUSH_TTL_MS = { challenge: 120_000, enroll: 300_000 } as const;

/**
 * The shortest gap between two polls of one request; a closer one answers
 * `slow_down` (RFC 8628 §3.5). Auth0 allows 12 a minute; the development
 * push is quicker so that a local flow feels immediate.
 */
export const PUSH_MIN_POLL_INTERVAL_MS = 1000;

/** The `binding` of a request made with an MFA API access token (no mfa_token). */
export function accessBinding(userId: string): string {
  return `access|${userId}`;
}

/**
 * Sends a push to a device: a pending request the device (the dev outbox)
 * answers; the returned oob_code (32 random bytes, stored as its hash) is
 * what the client polls the mfa-oob grant with.
 */
export async function startPushRequest(
  db: SqlClient,
  request: Pick<PushRequestRow, "authenticator_id" | "user_id" | "binding" | "purpose">,
  now: number,
): Promise<string> {
  const oobCode = `${PUSH_CODE_PREFIX}${randomId(32)}`;
  await insertPushRequest(db, {
    ...request,
    id: randomId(12),
    code_hash: sha256Hex(oobCode),
    created_at: now,
    expires_at: now + PUSH_TTL_MS[request.purpose],
  });
  return oobCode;
}
