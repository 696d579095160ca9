import type { PasswordHasher } from "./crypto/password.js";
import type { SecretBox } from "./crypto/secret-box.js";
import type { SigningKeys } from "./crypto/signing-key.js";
import type { Delivery } from "./delivery/delivery.js";
import type { SendPolicy } from "./factors/oob/send-store.js";
import type { IssuerApi, IssuerClient, IssuerEvent, SmsLimits } from "./options.js";
import type { BucketPolicy } from "./store/attempt-buckets.js";
import type { SqlClient } from "./store/sql-client.js";

/** Everything a route handler needs, built once by createIssuer. */
export interface IssuerDeps {
  /** Public base URL, no trailing slash. */
  issuer: string;
  displayName: string;
  db: SqlClient;
  clock: () => number;
  signingKeys: SigningKeys;
  totpBox: SecretBox;
  clients: ReadonlyMap<string, IssuerClient>;
  apis: ReadonlyMap<string, IssuerApi>;
  accessTokenTtl: number;
  /** Cookies get `Secure` when the issuer is served over https. */
  secureCookies: boolean;
  logger: (message: string, error: unknown) => void;
  /** Seals email addresses and phone numbers of email/SMS factors. */
  oobBox: SecretBox;
  /** Seals each refresh family's current token (the reuse interval's idempotent answer). */
  refreshTokenBox: SecretBox;
  /** Sends email and SMS codes. */
  delivery: Delivery;
  /** Cooldown and hourly cap of email and SMS sends (LIMITS.oobSend with IssuerOptions.oobResendCooldownSeconds). */
  oobSendPolicy: SendPolicy;
  /** Password hashing at the issuer's cost (OWASP's unless IssuerOptions.insecureFastPasswordHashing). */
  passwords: PasswordHasher;
  /** Development pages (`GET /dev/outbox`) answer; otherwise they are 404. */
  devMode: boolean;
  /** Global MFA enforcement (IssuerOptions.mfaEnforcement / mfaGracePeriodDays). */
  mfaEnforcement: MfaEnforcement;
  /** The audit hook (IssuerOptions.onEvent). */
  onEvent?: (event: IssuerEvent) => void | Promise<void>;
  /** mfa_tokens one refresh family may mint (IssuerOptions.mfaTokensPerFamilyPerMinute). */
  mfaTokenMints: BucketPolicy;
  /** SMS sends per hour (IssuerOptions.smsLimits, defaults filled in). */
  smsLimits: Required<SmsLimits>;
  /** Passkeys: IssuerOptions.webauthn with its defaults applied where they do not depend on the client. */
  webauthn: WebAuthnSettings;
  /** Seals passkey public keys: not secret, but sealing makes a swapped key in the store fail to open. */
  webauthnBox: SecretBox;
}

/** The relying party as configured (per-client defaults are derived in factors/webauthn/relying-party.ts). */
export interface WebAuthnSettings {
  rpId?: string;
  rpName: string;
  origins?: string[];
  userVerification: "required" | "preferred" | "discouraged";
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
  /**
   * Wrong passwords per email and client address: 10, one back every 30 s.
   * Keyed by both, so nobody elsewhere can lock the owner out.
   */
  loginAttemptBucket: { capacity: 10, refillMs: 30_000 },
  /**
   * Wrong passwords per email from all addresses together: a slower cap
   * (100, one back a minute) against guessing spread over many addresses.
   */
  loginEmailBucket: { capacity: 100, refillMs: 60_000 },
  /** Sign-ups per client address: 10, one back a minute (each sends a mail). */
  signupBucket: { capacity: 10, refillMs: 60_000 },
  maxBodyBytes: 64 * 1024,
  /**
   * Email and SMS codes: lifetime (s), and how often one key (an authenticator,
   * or a user's enrollment) may be sent one (the cooldown is the default of
   * IssuerOptions.oobResendCooldownSeconds).
   */
  oobCodeTtl: 300,
  oobSend: { cooldownMs: 30_000, maxPerWindow: 5, windowMs: 3_600_000 },
  /** A token for the built-in MFA API audience needs an MFA at most this old. */
  mfaApiMaxAge: 300,
} as const;
