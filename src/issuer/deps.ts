import type { SecretBox } from "./crypto/secret-box.js";
import type { SigningKey } from "./crypto/signing-key.js";
import type { IssuerApi, IssuerClient, IssuerEvent } from "./options.js";
import type { SqlClient } from "./store/sql-client.js";

/** Everything a route handler needs, built once by createIssuer. */
export interface IssuerDeps {
  /** Public base URL, no trailing slash. */
  issuer: string;
  displayName: string;
  db: SqlClient;
  clock: () => number;
  signingKey: SigningKey;
  totpBox: SecretBox;
  clients: ReadonlyMap<string, IssuerClient>;
  apis: ReadonlyMap<string, IssuerApi>;
  accessTokenTtl: number;
  /** Cookies get `Secure` when the issuer is served over https. */
  secureCookies: boolean;
  logger: (message: string, error: unknown) => void;
  /** Global MFA enforcement (IssuerOptions.mfaEnforcement / mfaGracePeriodDays). */
  mfaEnforcement: MfaEnforcement;
  /** The audit hook (IssuerOptions.onEvent). */
  onEvent?: (event: IssuerEvent) => void | Promise<void>;
}

/** Global MFA enforcement as the handlers see it. */
export interface MfaEnforcement {
  mode: "optional" | "required";
  gracePeriodDays: number;
  /** Epoch ms of the first start with "required" (store-recorded), null under "optional". */
  startedAt: number | null;
}

/** A route handler: one small function per endpoint. */
export type RouteHandler = (request: Request, deps: IssuerDeps) => Promise<Response>;

/** Fixed lifetimes and budgets (seconds unless noted). */
export const LIMITS = {
  authorizationCodeTtl: 60,
  authorizationRequestTtl: 600,
  loginSessionTtl: 24 * 3600,
  mfaTokenTtl: 300,
  mfaTokenMaxFailures: 5,
  /** Per-user wrong-code bucket: 10 attempts, one back every 30 s. */
  userAttemptBucket: { capacity: 10, refillMs: 30_000 },
  /** Per-email login bucket. */
  loginAttemptBucket: { capacity: 10, refillMs: 30_000 },
  maxBodyBytes: 64 * 1024,
  /** A token for the built-in MFA API audience needs an MFA at most this old. */
  mfaApiMaxAge: 300,
} as const;
