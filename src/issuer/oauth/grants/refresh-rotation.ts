import { StepUpError } from "../../../errors/index.js";
import type { IssuerDeps } from "../../deps.js";
import { REFRESH_TOKEN_DEFAULTS, type IssuerClient } from "../../options.js";
import {
  lockRefreshFamily,
  openCurrentRefreshToken,
  revokeRefreshFamily,
  touchRefreshFamily,
  type RefreshFamilyRow,
} from "../../store/refresh-tokens.js";
import type { SqlClient } from "../../store/sql-client.js";

/** A client's refresh-token settings in milliseconds, defaults applied. */
export interface RefreshPolicy {
  reuseMs: number;
  idleMs: number;
  absoluteMs: number;
}

export function refreshPolicy(client: IssuerClient): RefreshPolicy {
  const settings = { ...REFRESH_TOKEN_DEFAULTS, ...client.refreshTokens };
  return {
    reuseMs: settings.reuseInterval * 1000,
    idleMs: settings.idleLifetime * 1000,
    absoluteMs: settings.absoluteLifetime * 1000,
  };
}

/** One presented token as the store sees it. */
export interface PresentedToken {
  family: RefreshFamilyRow;
  /** Epoch ms it was minted, and replaced (null while it is the family's current token). */
  createdAt: number;
  rotatedAt: number | null;
}

/**
 * Why a presented refresh token cannot be used, or undefined when it can:
 * a revoked family; a family past its idle or absolute lifetime; or a token
 * replaced longer ago than the reuse interval, which is a replay (a stolen
 * copy, or a client that lost its newer token) and revokes the family
 * (RFC 9700 §4.14.2).
 */
export function refusal(
  token: PresentedToken,
  policy: RefreshPolicy,
  now: number,
): "revoked" | "expired" | "replayed" | undefined {
  const { family } = token;
  if (family.revoked_at !== null) return "revoked";
  const lastUsed = family.last_used_at ?? family.created_at;
  if (now - family.created_at >= policy.absoluteMs || now - lastUsed >= policy.idleMs) {
    return "expired";
  }
  if (token.rotatedAt !== null && !(now - token.rotatedAt < policy.reuseMs)) return "replayed";
  return undefined;
}

type Refusal = NonNullable<ReturnType<typeof refusal>>;

const REFUSAL_DESCRIPTION: Record<Refusal, string> = {
  revoked: "The refresh token was revoked",
  expired: "The refresh token has expired",
  replayed: "The refresh token was already used; its family is revoked",
};

/** The coded error for a refusal (RFC 6749 §5.2: `invalid_grant`); a replay revokes the family first. */
export async function refuse(
  db: SqlClient,
  reason: Refusal,
  familyId: string,
  now: number,
): Promise<never> {
  if (reason === "replayed") await revokeRefreshFamily(db, familyId, now);
  throw new StepUpError("invalid_grant", REFUSAL_DESCRIPTION[reason]);
}

/**
 * Answers a refresh grant's refresh token under the family's row lock
 * (`SELECT … FOR UPDATE`), so that racing grants on any number of issuer
 * processes over one PostgreSQL run one after the other and all see the
 * winner's result:
 *
 * - the family's current token, issued longer ago than the reuse interval:
 *   rotated, a new current token is minted (sealed on the family);
 * - the current token, issued within the interval: answered as is. A burst
 *   of refreshes (several audiences, several app servers) thus rotates once
 *   and every answer carries the same token, whichever the browser keeps;
 * - a token replaced within the interval (a request that raced the one that
 *   rotated it): answered with the family's current token, the same one the
 *   winner got, idempotently;
 * - anything else is refused as `refusal` says.
 *
 * `issue` mints the answer inside the same transaction, given the refresh
 * token to answer with (undefined: mint a new one).
 */
export async function answerRefreshGrant(
  deps: IssuerDeps,
  policy: RefreshPolicy,
  presented: { value: string; hash: string; familyId: string },
  issue: (
    tx: SqlClient,
    family: RefreshFamilyRow,
    refreshToken: string | undefined,
  ) => Promise<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const now = deps.clock();
  type Outcome = { refused: Refusal } | { body: Record<string, unknown> };
  const outcome = await deps.db.transaction(async (tx): Promise<Outcome> => {
    const family = await lockRefreshFamily(tx, presented.familyId);
    const rows = await tx.query<{ created_at: number; rotated_at: number | null }>(
      "SELECT created_at, rotated_at FROM refresh_tokens WHERE token_hash = $1",
      [presented.hash],
    );
    const row = rows[0];
    if (!family || !row) return { refused: "revoked" };
    const token: PresentedToken = {
      family,
      createdAt: Number(row.created_at),
      rotatedAt: row.rotated_at === null ? null : Number(row.rotated_at),
    };
    const reason = refusal(token, policy, now);
    // A replay revokes the family in this transaction, which then commits.
    if (reason === "replayed") await revokeRefreshFamily(tx, family.id, now);
    if (reason) return { refused: reason };

    if (token.rotatedAt === null && !(now - token.createdAt < policy.reuseMs)) {
      await tx.query("UPDATE refresh_tokens SET rotated_at = $2 WHERE token_hash = $1", [
        presented.hash,
        now,
      ]);
      return { body: await issue(tx, family, undefined) };
    }
    const current =
      token.rotatedAt === null
        ? presented.value
        : openCurrentRefreshToken(deps.refreshTokenBox, family);
    // A family always has a current token once one was replaced; without it, nothing to answer.
    if (current === undefined) return { refused: "revoked" };
    await touchRefreshFamily(tx, family.id, now);
    return { body: await issue(tx, family, current) };
  });
  if ("refused" in outcome)
    throw new StepUpError("invalid_grant", REFUSAL_DESCRIPTION[outcome.refused]);
  return outcome.body;
}
