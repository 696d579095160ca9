import type { Session } from "./session.js";

/**
 * Sessions already opened, keyed by their exact sealed cookie value, so that a
 * request which reads the session several times (getSession, then
 * getAccessToken for two audiences) and the requests that follow with the same
 * cookie pay for one AES-GCM open instead of one each.
 *
 * Why this is safe: a hit needs the whole JWE to equal one that was opened
 * successfully (or sealed here), so a tampered or foreign cookie misses and
 * goes through `unseal`, which rejects it. Entries are indexed by the JWE's
 * last segment, its AES-GCM authentication tag (unique per sealing), because
 * hashing a 4 KiB cookie string for a Map key on every request costs more
 * than the lookup saves; the full value is then compared. Entries are frozen,
 * because one object is now shared by every reader. Expiry is still checked
 * by the caller on every read.
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
  const entries = new Map<string, { sealed: string; session: Session }>();
  return {
    get(sealed) {
      const tag = tagOf(sealed);
      const entry = entries.get(tag);
      if (entry === undefined || entry.sealed !== sealed) return undefined;
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      entries.delete(tag);
      entries.set(tag, entry);
      return entry.session;
    },
    remember(sealed, session) {
      if (limit <= 0) return session;
      const frozen = deepFreeze(session);
      const tag = tagOf(sealed);
      entries.delete(tag);
      entries.set(tag, { sealed, session: frozen });
      if (entries.size > limit) entries.delete(entries.keys().next().value!);
      return frozen;
    },
  };
}

/** The compact JWE's authentication tag (its last segment). */
function tagOf(sealed: string): string {
  return sealed.slice(sealed.lastIndexOf(".") + 1);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
