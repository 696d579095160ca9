import type { CookieJar } from "../cookies/cookie-jar.js";
import type { ResolvedConfig } from "../config.js";
import { importSealKey, seal, unseal } from "../session/seal.js";

/** What survives the round trip to the hosted login page (sealed in a short-lived cookie). */
export interface Transaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  audience?: string;
  /** The scope asked for the login's access token ("" = default). */
  scope: string;
  maxAge?: number;
  /**
   * Set when the login runs in a popup (`/auth/login?popup=1`): the opener's
   * per-flow nonce, echoed by the callback page. Living in this sealed,
   * single-use cookie makes it single use and bound to this browser.
   */
  popupNonce?: string;
  /** Seconds since the epoch. */
  exp: number;
}

export interface TransactionStore {
  save(jar: CookieJar, transaction: Omit<Transaction, "exp">): Promise<void>;
  /** Reads and deletes the transaction; null when absent, expired or unreadable. */
  take(jar: CookieJar): Promise<Transaction | null>;
}

/** A login must finish within this many seconds. */
const TRANSACTION_TTL = 600;

export function createTransactionStore(config: ResolvedConfig): TransactionStore {
  const name = `${config.cookieName}_txn`;
  let key: Promise<CryptoKey> | undefined;
  const getKey = () => (key ??= importSealKey(config.secret, "next-stepup transaction"));
  const nowSeconds = () => Math.floor(config.clock() / 1000);
  return {
    async save(jar, transaction) {
      const sealed = await seal(
        { ...transaction, exp: nowSeconds() + TRANSACTION_TTL },
        await getKey(),
      );
      // SameSite=Lax: the callback is a top-level GET navigation from the issuer, which Lax allows.
      jar.set(name, sealed, {
        httpOnly: true,
        secure: config.secureCookies,
        sameSite: "lax",
        path: "/",
        maxAge: TRANSACTION_TTL,
      });
    },
    async take(jar) {
      const sealed = jar.get(name);
      if (sealed === undefined) return null;
      jar.delete(name);
      try {
        const transaction = await unseal<Transaction>(sealed, await getKey());
        return transaction.exp > nowSeconds() ? transaction : null;
      } catch {
        return null;
      }
    },
  };
}
