import { StepUpError } from "../../../errors/index.js";
import type { IssuerDeps } from "../../deps.js";
import { REFRESH_TOKEN_DEFAULTS, type IssuerClient } from "../../options.js";
import { sha256Hex } from "../../crypto/hash.js";
import {
  findRefreshToken,
  findTokenRotation,
  lockRefreshToken,
  openCurrentRefreshToken,
  revokeRefreshFamily,
  swapCurrentRefreshToken,
  touchCurrentRefreshFamily,
  touchRefreshFamily,
  type RefreshFamilyRow,
} from "../../store/refresh-tokens.js";
import type { SqlClient } from "../../store/sql-client.js";
import { newRefreshToken, storeRefreshToken } from "../tokens.js";

/** A client's refresh-token settings in milliseconds, defaults applied. */
interface RefreshPolicy {
  reuseMs: number;
  idleMs: number;
  absoluteMs: number;
}

function refreshPolicy(client: IssuerClient): RefreshPolicy {
  const settings = { ...REFRESH_TOKEN_DEFAULTS, ...client.refreshTokens };
  return {
    reuseMs: settings.reuseInterval * 1000,
    idleMs: settings.idleLifetime * 1000,
    absoluteMs: settings.absoluteLifetime * 1000,
  };
}

/** One presented token as the store sees it. */
interface PresentedToken {
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
function refusal(
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

/** How a refresh grant ended inside its transaction. */
export type RefreshOutcome<Stop> =
  | { kind: "tokens"; family: RefreshFamilyRow; refreshToken: string }
  | { kind: "stopped"; family: RefreshFamilyRow; stop: Stop };

/**
 * Answers a refresh grant's refresh token. The common cases take two
 * statements and no lock (rotateWithoutLock: a compare-and-swap that one of
 * racing grants wins); anything else, and every grant that lost a swap, is
 * decided in one transaction under the family's row lock (`SELECT … FOR
 * UPDATE`), so that racing grants on any number of issuer processes over one
 * PostgreSQL run one after the other and all see the winner's result:
 *
 * - the family's current token, issued longer ago than the reuse interval:
 *   rotated, a new current token is minted (sealed on the family);
 * - the current token, issued within the interval: answered as is. A burst
 *   of refreshes (several audiences, several app servers) thus rotates once
 *   and every answer carries the same token, whichever the browser keeps;
 * - a token replaced within the interval (a request that raced the one that
 *   rotated it): answered with the family's current token, the same one the
 *   winner got, idempotently;
 * - an unknown token, another client's, or anything `refusal` refuses:
 *   `invalid_grant` (a replay revokes the family, and that commits).
 *
 * `check` runs under the lock before anything is written; what it returns
 * (the step-up policy's shortfall) stops the grant with no write, so the
 * token stays usable. Signing happens after commit, outside the lock.
 * @throws invalid_grant (400)
 */
export async function answerRefreshGrant<Stop>(
  deps: IssuerDeps,
  client: IssuerClient,
  presented: { value: string; hash: string },
  check: (tx: SqlClient, family: RefreshFamilyRow) => Promise<Stop | undefined>,
): Promise<RefreshOutcome<Stop>> {
  const policy = refreshPolicy(client);
  const now = deps.clock();
  const quick = await rotateWithoutLock(deps, client, policy, presented, check, now);
  if (quick) return quick;
  type Refused = { kind: "refused"; reason: Refusal | "unknown" };
  const outcome = await deps.db.transaction(async (tx): Promise<RefreshOutcome<Stop> | Refused> => {
    const found = await lockRefreshToken(tx, presented.hash);
    if (!found || found.family.client_id !== client.clientId) {
      return { kind: "refused", reason: "unknown" };
    }
    const { family } = found;
    const token: PresentedToken = {
      family,
      createdAt: found.createdAt,
      rotatedAt:
        found.rotatedAt === null && !isCurrentToken(deps, family, presented.hash)
          ? // Rotated by a grant that committed while this one waited for the lock.
            await findTokenRotation(tx, presented.hash)
          : found.rotatedAt,
    };
    const reason = refusal(token, policy, now);
    if (reason === "replayed") await revokeRefreshFamily(tx, family.id, now);
    if (reason) return { kind: "refused", reason };

    const stop = await check(tx, family);
    if (stop !== undefined) return { kind: "stopped", family, stop };

    if (token.rotatedAt === null && !(now - token.createdAt < policy.reuseMs)) {
      return {
        kind: "tokens",
        family,
        refreshToken: await storeRefreshToken(tx, deps, family.id, now),
      };
    }
    const current =
      token.rotatedAt === null
        ? presented.value
        : openCurrentRefreshToken(deps.refreshTokenBox, family);
    // A family always has a current token once one was replaced; without it, nothing to answer.
    if (current === undefined) return { kind: "refused", reason: "revoked" };
    await touchRefreshFamily(tx, family.id, now);
    return { kind: "tokens", family, refreshToken: current };
  });
  if (outcome.kind === "refused") {
    throw new StepUpError(
      "invalid_grant",
      outcome.reason === "unknown" ? "Unknown refresh token" : REFUSAL_DESCRIPTION[outcome.reason],
    );
  }
  return outcome;
}

/**
 * The common cases in two statements instead of a locked transaction's four,
 * both read without a lock and written by a compare-and-swap on the family
 * row: the current token of a live family, old enough to rotate, is rotated
 * (swapCurrentRefreshToken); one issued within the reuse interval is
 * answered as is and the family marked used (touchCurrentRefreshFamily).
 * The read is one statement, so one snapshot, in which a token row not yet
 * rotated is its family's current token (every rotation retires the old rows
 * and seals the new token in one statement); the swap's condition, the
 * sealed current token the read saw, thus proves the token is still current
 * and the family still live when it writes. Undefined when the token is
 * anything else, or when a racing grant or a revocation wrote first: the
 * locked path then decides, seeing the winner's result.
 */
async function rotateWithoutLock<Stop>(
  deps: IssuerDeps,
  client: IssuerClient,
  policy: RefreshPolicy,
  presented: { value: string; hash: string },
  check: (tx: SqlClient, family: RefreshFamilyRow) => Promise<Stop | undefined>,
  now: number,
): Promise<RefreshOutcome<Stop> | undefined> {
  const found = await findRefreshToken(deps.db, presented.hash);
  if (!found || found.family.client_id !== client.clientId || found.rotatedAt !== null) return;
  const { family } = found;
  const sealed = family.current_token_sealed;
  // A family sealed no current token before migration 10: the locked path answers it.
  if (sealed === null || refusal(found, policy, now)) return;
  const stop = await check(deps.db, family);
  if (stop !== undefined) return { kind: "stopped", family, stop };
  const expected = { id: family.id, current_token_sealed: sealed };
  if (now - found.createdAt < policy.reuseMs) {
    const touched = await touchCurrentRefreshFamily(deps.db, expected, now);
    return touched ? { kind: "tokens", family, refreshToken: presented.value } : undefined;
  }
  const token = newRefreshToken();
  const swapped = await swapCurrentRefreshToken(
    deps.db,
    deps.refreshTokenBox,
    token,
    expected,
    now,
  );
  return swapped ? { kind: "tokens", family, refreshToken: token.value } : undefined;
}

/**
 * Whether `hash` is the family's current token as the family row (locked,
 * so up to date) says. Families sealed no current token before migration
 * 10: the token row's own `rotated_at` is then taken as read.
 */
function isCurrentToken(deps: IssuerDeps, family: RefreshFamilyRow, hash: string): boolean {
  const current = openCurrentRefreshToken(deps.refreshTokenBox, family);
  return current === undefined || sha256Hex(current) === hash;
}
