import { resolveConfig, type AuthClientOptions, type ResolvedConfig } from "./config.js";
import { createMfaContextCodec, type MfaContextCodec } from "./mfa/mfa-context.js";
import { createOAuthClient, type OAuthClient } from "./oauth/oauth-client.js";
import { createTransactionStore, type TransactionStore } from "./oauth/transaction.js";
import { createRefreshFlights, type RefreshFlights } from "./session/refresh-flights.js";
import { createSessionStore, type SessionStore } from "./session/session-store.js";

/**
 * Everything an operation or a route needs, built once per AuthClient: the
 * validated config and the codecs that cache their derived keys.
 */
export interface Core {
  config: ResolvedConfig;
  sessions: SessionStore;
  transactions: TransactionStore;
  contexts: MfaContextCodec;
  oauth: OAuthClient;
  /** Single-flight refresh grants per session (see refresh-flights.ts). */
  refreshes: RefreshFlights;
}

/** @throws TypeError naming a missing or invalid option. */
export function createCore(options?: AuthClientOptions): Core {
  const config = resolveConfig(options);
  return {
    config,
    sessions: createSessionStore(config),
    transactions: createTransactionStore(config),
    contexts: createMfaContextCodec({
      secret: config.secret,
      ttl: config.mfaContextTtl,
      clock: config.clock,
    }),
    oauth: createOAuthClient(config),
    refreshes: createRefreshFlights(config.clock),
  };
}

/** Seconds since the epoch on the configured clock. */
export function nowSeconds(core: Core): number {
  return Math.floor(core.config.clock() / 1000);
}

/** An absolute URL on the issuer, keeping any path the issuer URL has. */
export function issuerUrl(core: Core, path: string): string {
  return core.config.issuerBaseUrl.href.replace(/\/+$/, "") + path;
}
