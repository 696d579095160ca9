import type { TokenEndpointResponse } from "oauth4webapi";

/**
 * Coordinates refresh grants within one AuthClient instance so that parallel
 * requests of one session never spend a refresh token twice (rotation makes
 * the second use look like theft and the issuer revokes the whole family,
 * OAuth 2.0 Security BCP §4.14.2):
 *
 * - one grant per (session, audience, scope, max_age, refresh token in the
 *   cookie): callers asking the same thing with the same cookie share the
 *   promise, also for a while after it settled (a parallel request may read
 *   its cookie late), so each writes the same token set into its own cookie;
 * - grants of one session run one after another (a chain per sid), so two
 *   audiences refreshed at once do not both rotate the same token;
 * - a caller whose cookie holds a token this instance already rotated is given
 *   the newest one it knows instead (followed old → new).
 *
 * All of this holds within one instance (one server process). Instances do not
 * share memory; across them, rotation still protects the family, at the price
 * of a revocation on a true race. Memory is bounded: remembered rotations and
 * settled grants expire after {@link REMEMBER_FOR_MS} and at most
 * {@link MAX_ENTRIES} of each are kept.
 */
export interface RefreshFlights {
  run(
    request: RefreshRequest,
    grant: (refreshToken: string) => Promise<TokenEndpointResponse>,
  ): Promise<TokenEndpointResponse>;
  /**
   * Forgets the settled grants of a session (at sign-out): a copy of its
   * cookie must reach the issuer, which refuses the revoked token, rather
   * than be served a remembered answer.
   */
  forget(sid: string): void;
}

export interface RefreshRequest {
  sid: string;
  audience: string;
  /** Normalised requested scope ("" = the API's default). */
  scope: string;
  maxAge?: number;
  /** The refresh token the caller read from its cookie. */
  refreshToken: string;
}

/** How long a rotation and a settled grant are remembered: longer than any in-flight request. */
export const REMEMBER_FOR_MS = 60_000;
export const MAX_ENTRIES = 1_000;

export function createRefreshFlights(clock: () => number): RefreshFlights {
  const rotations = new ExpiringMap<string>(clock);
  const grants = new ExpiringMap<Promise<TokenEndpointResponse>>(clock);
  const chains = new Map<string, Promise<unknown>>();

  /** The newest refresh token this instance knows to follow `token` (itself if none). */
  const newest = (token: string): string => {
    let current = token;
    // Bounded by MAX_ENTRIES; a cycle is impossible since every token is fresh.
    for (let hops = 0; hops < MAX_ENTRIES; hops++) {
      const next = rotations.get(current);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  };

  return {
    run(request, grant) {
      const key = JSON.stringify([
        request.sid,
        request.audience,
        request.scope,
        request.maxAge ?? null,
        // The cookie's token as read: a late caller with the same stale cookie joins the grant.
        request.refreshToken,
      ]);
      const shared = grants.get(key);
      if (shared) return shared;

      const previous = chains.get(request.sid) ?? Promise.resolve();
      const flight = previous.then(async () => {
        // Read at the head of the chain: an earlier grant may have rotated it meanwhile.
        const presented = newest(request.refreshToken);
        const response = await grant(presented);
        if (response.refresh_token && response.refresh_token !== presented) {
          rotations.set(presented, response.refresh_token);
        }
        return response;
      });
      grants.set(key, flight);
      // An error is not remembered: the next caller tries again (mfa_required rotates nothing).
      flight.catch(() => grants.delete(key));
      const tail = flight.catch(() => undefined);
      chains.set(request.sid, tail);
      void tail.then(() => {
        if (chains.get(request.sid) === tail) chains.delete(request.sid);
      });
      return flight;
    },
    forget(sid) {
      const prefix = JSON.stringify([sid]).slice(0, -1);
      grants.deleteWhere((key) => key.startsWith(`${prefix},`));
    },
  };
}

/** A Map whose entries expire and whose size is capped (oldest evicted first). */
class ExpiringMap<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  readonly #clock: () => number;

  constructor(clock: () => number) {
    this.#clock = clock;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#clock()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: this.#clock() + REMEMBER_FOR_MS });
    // Insertion order is expiry order (same TTL), so the first entries are the oldest.
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= MAX_ENTRIES && entry.expiresAt > this.#clock()) break;
      this.#entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  deleteWhere(test: (key: string) => boolean): void {
    for (const key of [...this.#entries.keys()]) if (test(key)) this.#entries.delete(key);
  }
}
