import type { CookieJar, CookieOptions } from "../cookies/cookie-jar.js";
import type { ResolvedConfig } from "../config.js";
import { deleteChunked, readChunked, writeChunked } from "./chunks.js";
import { pruneTokenSets, sealWithinBudget } from "./fit-session.js";
import { createOpenedSessions } from "./opened-sessions.js";
import { importSealKey, seal, unseal } from "./seal.js";
import { isSession, type Session } from "./session.js";

/** Reads and writes the sealed, chunked session cookie. One per AuthClient (it caches the key). */
export interface SessionStore {
  read(jar: CookieJar): Promise<Session | null>;
  write(jar: CookieJar, session: Session): Promise<void>;
  clear(jar: CookieJar): void;
}

export const SESSION_KEY_PURPOSE = "next-stepup session";

/** What the session store reads of the config (a seam: next-stepup/testing mints sessions with it). */
export type SessionStoreConfig = Pick<
  ResolvedConfig,
  | "secret"
  | "clock"
  | "cookieName"
  | "secureCookies"
  | "absoluteDuration"
  | "rollingDuration"
  | "maxTokenSets"
>;

export function createSessionStore(config: SessionStoreConfig): SessionStore {
  let key: Promise<CryptoKey> | undefined;
  // Derived once, on first use: construction stays synchronous and cheap.
  const getKey = () => (key ??= importSealKey(config.secret, SESSION_KEY_PURPOSE));
  // One open per distinct cookie value, however many reads (see opened-sessions.ts).
  const opened = createOpenedSessions();
  const nowSeconds = () => Math.floor(config.clock() / 1000);

  /** Seconds left before the session must end: the nearer of the absolute and the rolling limit. */
  const remaining = (session: Session) =>
    Math.min(
      session.createdAt + config.absoluteDuration,
      session.updatedAt + config.rollingDuration,
    ) - nowSeconds();

  const cookieOptions = (maxAge: number): CookieOptions => ({
    httpOnly: true,
    secure: config.secureCookies,
    sameSite: "lax",
    path: "/",
    maxAge,
  });

  return {
    async read(jar) {
      const sealed = readChunked(jar, config.cookieName);
      if (sealed === undefined) return null;
      let session: Session | undefined = opened.get(sealed);
      if (!session) {
        let opening: unknown;
        try {
          opening = await unseal(sealed, await getKey());
        } catch {
          // A cookie from another secret or a tampered one is simply no session.
          return null;
        }
        // Only a well-formed session is remembered (and read as one).
        if (!isSession(opening)) return null;
        session = opened.remember(sealed, opening);
      }
      return remaining(session) > 0 ? session : null;
    },
    async write(jar, session) {
      const now = nowSeconds();
      // Every write prunes, so the cookie can never grow into a 431 (see fit-session.ts).
      const updated = pruneTokenSets({ ...session, updatedAt: now }, now, config.maxTokenSets);
      const maxAge = remaining(updated);
      if (maxAge <= 0) return deleteChunked(jar, config.cookieName);
      const key = await getKey();
      const fitted = await sealWithinBudget(updated, (value) => seal(value, key));
      // The next request carries this value back: it opens from memory.
      opened.remember(fitted.sealed, fitted.session);
      writeChunked(jar, config.cookieName, fitted.sealed, cookieOptions(maxAge));
    },
    clear(jar) {
      deleteChunked(jar, config.cookieName);
    },
  };
}
