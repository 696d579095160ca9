import { answerPushRequest, listPendingPushRequests } from "../issuer/factors/push/store.js";
import type { OutboxSource } from "./read-outbox.js";

export interface AnswerPushOptions {
  /** Whose push: the user's email; default the newest pending push of anyone. */
  to?: string;
  /** Default `approve`. */
  answer?: "approve" | "deny";
  /** The issuer's clock (ms), for expiry; default `Date.now()`. A TestIssuer's own clock is used when given one. */
  now?: number;
}

/**
 * Answers the newest pending push of the issuer's development push factor as
 * its device would (the dev outbox's Approve / Deny), in process.
 * @throws TypeError when no push is pending (for `to`)
 * @example
 * const { oobCode } = await browser.mfa.challenge({ mfaToken, challengeType: "oob", authenticatorId });
 * await answerPush(t, { to: t.user.email });
 * await browser.mfa.verify({ mfaToken, oobCode: oobCode! });
 */
export async function answerPush(
  source: OutboxSource & { clock?: { now(): number } },
  options: AnswerPushOptions = {},
): Promise<void> {
  const db = "issuer" in source ? source.issuer.db : source.db;
  const now = options.now ?? source.clock?.now() ?? Date.now();
  const pending = (await listPendingPushRequests(db, now)).filter(
    (push) => options.to === undefined || push.email === options.to,
  );
  const newest = pending[0];
  if (!newest) throw new TypeError(`No push is pending${options.to ? ` for ${options.to}` : ""}`);
  const status = (options.answer ?? "approve") === "approve" ? "approved" : "denied";
  if (!(await answerPushRequest(db, newest.id, status, now))) {
    throw new TypeError("The push was answered or expired meanwhile");
  }
}
