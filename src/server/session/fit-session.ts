import { CHUNK_SIZE } from "./chunks.js";
import type { Session } from "./session.js";

/**
 * The most a sealed session may weigh: three cookie chunks (about 11 KB).
 * With the request's other headers this stays well below the 16 KB that
 * Node.js (and so `next start`) accepts before answering 431.
 */
export const MAX_SEALED_SESSION = 3 * CHUNK_SIZE;

/**
 * The token sets worth keeping: expired ones are dropped (a refresh replaces
 * them anyway), and of the rest the `max` most recently stored. Token sets
 * are kept in storage order (`withTokenSet` appends), so the first ones are
 * the least recently refreshed. A cached hit does not reorder them: that
 * would cost a Set-Cookie on every read, and Server Components cannot set
 * cookies. Since every access token expires and is refreshed within its
 * lifetime, the refresh order is the use order within one token lifetime.
 */
export function pruneTokenSets(session: Session, now: number, max: number): Session {
  const live = session.tokenSets.filter((set) => set.expiresAt > now);
  const kept = live.slice(Math.max(0, live.length - max));
  return kept.length === session.tokenSets.length ? session : { ...session, tokenSets: kept };
}

/**
 * Seals `session`, dropping the least recently stored token sets until the
 * result fits {@link MAX_SEALED_SESSION}. The newest set (the one the
 * current request just stored) is always kept. Answers the sealed value and
 * the session it holds.
 */
export async function sealWithinBudget(
  session: Session,
  sealSession: (session: Session) => Promise<string>,
): Promise<{ sealed: string; session: Session }> {
  let current = session;
  let sealed = await sealSession(current);
  while (sealed.length > MAX_SEALED_SESSION && current.tokenSets.length > 1) {
    current = { ...current, tokenSets: current.tokenSets.slice(1) };
    sealed = await sealSession(current);
  }
  return { sealed, session: current };
}
