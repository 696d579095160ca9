import type { Session } from "./session.js";

/**
 * Sessions already opened, keyed by their exact sealed cookie value, so that a
 * request which reads the session several times (getSession, then
 * getAccessToken for two audiences) and the requests that follow with the same
 * cookie pay for one AES-GCM open instead of one each.
 *
 * Why this is safe: the key is the whole JWE, including its authentication
 * tag, so only a value that was opened successfully (or sealed here) can hit;
 * a tampered or foreign cookie misses and goes through `unseal`, which rejects
 * it. Entries are frozen, because one object is now shared by every reader.
 * Expiry is still checked by the caller on every read.
 *
 * Bounded (least recently used goes first), so memory stays flat however many
 * sessions an instance serves.
 */
export interface OpenedSessions {
  get(sealed: string): Session | undefined;
  remember(sealed: string, session: Session): Session;
}

/** Default bound: at a few KiB per session, about 2 MiB per AuthClient. */
export const OPENED_SESSIONS_LIMIT = 500;

export function createOpenedSessions(limit = OPENED_SESSIONS_LIMIT): OpenedSessions {
  const entries = new Map<string, Session>();
  return {
    get(sealed) {
      const session = entries.get(sealed);
      if (session === undefined) return undefined;
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      entries.delete(sealed);
      entries.set(sealed, session);
      return session;
    },
    remember(sealed, session) {
      if (limit <= 0) return session;
      const frozen = deepFreeze(session);
      entries.delete(sealed);
      entries.set(sealed, frozen);
      if (entries.size > limit) entries.delete(entries.keys().next().value!);
      return frozen;
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
