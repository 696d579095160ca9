import { randomId } from "./crypto/hash.js";
import {
  createPasswordHasher,
  INSECURE_FAST_PASSWORD_HASH_PARAMS,
  PASSWORD_HASH_PARAMS,
} from "./crypto/password.js";
import { createSecretBox, PURPOSE } from "./crypto/secret-box.js";
import { loadSigningKeys, type KeyPairSource } from "./crypto/signing-key.js";
import { createDelivery } from "./delivery/create-delivery.js";
import { LIMITS, type IssuerDeps, type WebAuthnSettings } from "./deps.js";
import { createRouter } from "./http/router.js";
import { assertIssuerOptions } from "./options-schema.js";
import type { IssuerOptions } from "./options.js";
import { recordEnforcementStart } from "./policy/enforcement-start.js";
import { ROUTES } from "./routes.js";
import { migrate } from "./store/migrations.js";
import { openStore } from "./store/open-store.js";
import type { SqlClient, SqlStore } from "./store/sql-client.js";
import { findUserByEmail, insertUserIfAbsent } from "./store/users.js";

/** A running issuer: a fetch-style handler over its store. */
export interface Issuer {
  /** Answers one HTTP request, in process (tests, route mounts) or behind serveIssuer. */
  handler(request: Request): Promise<Response>;
  /** Closes the store. */
  close(): Promise<void>;
  /** The public base URL. */
  readonly url: string;
  /** The store, for tests and administration (same queries as the handlers). */
  readonly db: SqlClient;
  /** Hashes a password as this issuer stores them (its cost), e.g. to seed a user into `db`. */
  hashPassword(password: string): Promise<string>;
}

/**
 * Creates the embedded authorization server: opens the store (PostgreSQL when
 * `databaseUrl` is given, else PGlite in memory or in `dataDir`), applies migrations, loads or creates the signing key and
 * seeds users.
 * @throws TypeError for invalid options
 * @example
 * const issuer = await createIssuer({ issuer: "http://localhost:4000", secret, clients: [...] });
 * const response = await issuer.handler(new Request("http://localhost:4000/.well-known/jwks.json"));
 */
export function createIssuer(options: IssuerOptions): Promise<Issuer> {
  return createIssuerWithStore(options, openStore);
}

/**
 * createIssuer over a store from `open` (internal: next-stepup/testing opens
 * in-memory stores from a pre-migrated image, and reuses key pairs through
 * `newKeyPair`). Migrations still run, so a store that is behind is brought
 * up to date.
 */
export async function createIssuerWithStore(
  options: IssuerOptions,
  open: (options: IssuerOptions) => Promise<SqlStore>,
  newKeyPair?: KeyPairSource,
): Promise<Issuer> {
  assertIssuerOptions(options);
  const clock = options.clock ?? Date.now;
  const passwords = createPasswordHasher(
    options.insecureFastPasswordHashing ? INSECURE_FAST_PASSWORD_HASH_PARAMS : PASSWORD_HASH_PARAMS,
  );
  const store = await open(options);
  try {
    await migrate(store, clock());
    const secrets = [options.secret, ...(options.previousSecrets ?? [])];
    const signingBox = await createSecretBox(secrets, PURPOSE.signingKey);
    const totpBox = await createSecretBox(secrets, PURPOSE.totpSecret);
    const oobBox = await createSecretBox(secrets, PURPOSE.oobDestination);
    const refreshTokenBox = await createSecretBox(secrets, PURPOSE.refreshToken);
    const webauthnBox = await createSecretBox(secrets, PURPOSE.webauthnPublicKey);
    const signingKeys = await loadSigningKeys(
      store,
      signingBox,
      clock(),
      options.accessTokenSigningAlg,
      newKeyPair,
    );
    for (const user of options.users ?? []) {
      if (await findUserByEmail(store, user.email)) continue;
      await insertUserIfAbsent(store, {
        id: randomId(12),
        email: user.email,
        name: user.name ?? null,
        password_hash: await passwords.hash(user.password),
        created_at: clock(),
        email_verified: user.emailVerified ?? true,
      });
    }
    const enforcement = options.mfaEnforcement ?? "optional";
    const enforcementStartedAt = await recordEnforcementStart(store, enforcement, clock());
    const displayName = options.displayName ?? new URL(options.issuer).host;
    const deps: IssuerDeps = {
      issuer: options.issuer,
      displayName,
      db: store,
      clock,
      signingKeys,
      totpBox,
      clients: new Map(options.clients.map((client) => [client.clientId, client])),
      apis: new Map((options.apis ?? []).map((api) => [api.audience, api])),
      accessTokenTtl: options.accessTokenTtl ?? 600,
      secureCookies: options.issuer.startsWith("https:"),
      logger: options.logger ?? ((message, error) => console.error(message, error)),
      oobBox,
      refreshTokenBox,
      delivery: createDelivery(options.delivery, { db: store, clock, fetch: options.fetch }),
      oobSendPolicy: {
        ...LIMITS.oobSend,
        cooldownMs: (options.oobResendCooldownSeconds ?? LIMITS.oobSend.cooldownMs / 1000) * 1000,
      },
      passwords,
      devMode: options.devMode ?? false,
      mfaEnforcement: {
        mode: enforcement,
        gracePeriodDays: options.mfaGracePeriodDays ?? 0,
        startedAt: enforcementStartedAt,
      },
      onEvent: options.onEvent,
      mfaTokenMints: mintBucket(options.mfaTokensPerFamilyPerMinute ?? 30),
      smsLimits: {
        perAccountPerHour: options.smsLimits?.perAccountPerHour ?? 10,
        perDestinationPerHour: options.smsLimits?.perDestinationPerHour ?? 5,
        perIssuerPerHour: options.smsLimits?.perIssuerPerHour ?? 1000,
      },
      webauthn: webauthnSettings(options, displayName),
      webauthnBox,
    };
    const handler = createRouter(ROUTES, deps);
    return {
      handler,
      close: () => store.close(),
      url: options.issuer,
      db: store,
      hashPassword: (password) => passwords.hash(password),
    };
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}

/** `perMinute` mints at once, then one back every 60/perMinute seconds. */
function mintBucket(perMinute: number): { capacity: number; refillMs: number } {
  return { capacity: perMinute, refillMs: 60_000 / perMinute };
}

function webauthnSettings(options: IssuerOptions, displayName: string): WebAuthnSettings {
  const { rpId, rpName, origins, userVerification } = options.webauthn ?? {};
  return {
    ...(rpId !== undefined ? { rpId } : {}),
    rpName: rpName ?? displayName,
    ...(origins !== undefined ? { origins } : {}),
    userVerification: userVerification ?? "required",
  };
}
