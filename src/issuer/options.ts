import type { FactorType } from "../types/factor-type.js";
import type { SmsWebhookDeliveryOptions } from "./delivery/sms-webhook-delivery.js";
import type { SmtpDeliveryOptions } from "./delivery/smtp-delivery.js";

/** An OAuth client (a relying party such as a Next.js app). */
export interface IssuerClient {
  clientId: string;
  clientSecret: string;
  /** Exact-match allow list for `redirect_uri`. */
  redirectUris: string[];
  /** Exact-match allow list for `post_logout_redirect_uri`. */
  postLogoutRedirectUris?: string[];
  name?: string;
  /**
   * Scopes of the admin API (`{issuer}/api/v2/`) this client may get through
   * the client_credentials grant; absent or empty => no admin access.
   */
  adminScopes?: AdminScope[];
  /** Lifetimes and rotation of this client's refresh tokens (see RefreshTokenOptions). */
  refreshTokens?: RefreshTokenOptions;
}

/**
 * Refresh tokens of one client, in seconds. Each login starts a family of
 * rotating refresh tokens (RFC 9700 §4.14.2); the defaults are Auth0's.
 */
export interface RefreshTokenOptions {
  /**
   * How long a just-replaced refresh token is still accepted, answered with
   * the family's current token (the same one to every racing request), and
   * how long a newly issued one is answered as is rather than rotated again.
   * Several app servers refreshing one session at once thus all end with the
   * same working token. A replaced token presented later revokes the family.
   * 0 disables both (strict rotation). Default 30, at most 300.
   */
  reuseInterval?: number;
  /** A family not used for this long is dead (`invalid_grant`). Default 15 days. */
  idleLifetime?: number;
  /** A family older than this is dead whatever its use (`invalid_grant`). Default 30 days. */
  absoluteLifetime?: number;
}

/** RefreshTokenOptions with every default applied. */
export const REFRESH_TOKEN_DEFAULTS: Required<RefreshTokenOptions> = {
  reuseInterval: 30,
  idleLifetime: 15 * 24 * 3600,
  absoluteLifetime: 30 * 24 * 3600,
};

/** Scopes of the admin API (modelled on Auth0's Management API). */
export const ADMIN_SCOPES = [
  "read:users",
  "update:users",
  "read:authenticators",
  "update:authenticators",
  "delete:authenticators",
  "read:logs",
] as const;
export type AdminScope = (typeof ADMIN_SCOPES)[number];

/**
 * A factor name as it appears in `mfa_requirements` (PROTOCOL.md).
 * @deprecated Use `FactorType` from `next-stepup/types`: the same union, defined once.
 */
export type FactorName = FactorType;

/** A resource server (API) and its step-up policy. */
export interface IssuerApi {
  audience: string;
  /** Tokens for this audience need a completed MFA in the refresh family. */
  requireMfa?: boolean;
  /** Seconds an MFA stays fresh enough for this audience. */
  maxAge?: number;
  /** Scopes a client may ask for this audience. */
  scopes?: string[];
  /**
   * Factors that satisfy this audience's MFA, on every path (refresh, MFA
   * grants, the hosted MFA step and the authorization code); default all.
   */
  factors?: FactorType[];
  /**
   * Distinct factors (otp, email, sms, webauthn; never a recovery code) the
   * refresh family must have used for a token for this audience; default 1.
   * With 2 an MFA grant that verified only one answers mfa_required again
   * with a new mfa_token for another factor (chained MFA). Needs `requireMfa`.
   */
  mfaFactorCount?: 1 | 2;
}

/** A user seeded at start (created if the email is absent). */
export interface IssuerUser {
  email: string;
  password: string;
  name?: string;
  /**
   * `email_verified` of the seeded user, default true: the operator who
   * configures a user vouches for the address. Users who sign up prove it
   * with a code sent to it.
   */
  emailVerified?: boolean;
}

export interface IssuerOptions {
  /** Public base URL, no trailing slash, e.g. "http://localhost:4000". */
  issuer: string;
  /** At least 32 characters; at-rest encryption keys are derived from it (HKDF purpose labels). */
  secret: string;
  /** Older secrets still accepted to open values sealed before a rotation. */
  previousSecrets?: string[];
  /** PGlite on disk; omitted or ":memory:" => in memory. Not with `databaseUrl`. */
  dataDir?: string;
  /**
   * PostgreSQL connection URL (`postgres://…`): the store is PostgreSQL instead
   * of PGlite, so several issuer processes can share it. Not with `dataDir`.
   */
  databaseUrl?: string;
  /** Most PostgreSQL connections per process, default 10. */
  databasePoolSize?: number;
  /**
   * PostgreSQL named prepared statements, default true (parsed and planned
   * once per connection). false behind a pooler that cannot carry them:
   * PgBouncer in transaction pooling before 1.21 or without `max_prepared_statements`.
   */
  databasePreparedStatements?: boolean;
  clients: IssuerClient[];
  apis?: IssuerApi[];
  users?: IssuerUser[];
  /** Milliseconds since the epoch; default Date.now. */
  clock?: () => number;
  /** Access token lifetime in seconds, default 600. */
  accessTokenTtl?: number;
  /**
   * JWS algorithm of access tokens, default "ES256": a P-256 signature costs
   * a fifth of an RSA-2048 one, and every JOSE library verifies it. "RS256"
   * for resource servers that accept nothing else (RFC 9068 §4 makes RS256
   * the one every party must support). ID tokens are always RS256.
   */
  accessTokenSigningAlg?: "ES256" | "RS256";
  /** Name shown in authenticator apps and on the login page; default the issuer host. */
  displayName?: string;
  /** Where unexpected errors are reported; default console.error. */
  logger?: (message: string, error: unknown) => void;
  /**
   * "required": every user must have MFA (after `mfaGracePeriodDays`); a
   * refresh grant for any audience answers mfa_required until they enroll.
   * Default "optional": only audiences with `requireMfa` ask for it.
   */
  mfaEnforcement?: "optional" | "required";
  /**
   * Days a user without factors may still sign in under "required", counted
   * from the later of the user's creation and the first start of the issuer
   * with "required" (recorded in the store). Default 0.
   */
  mfaGracePeriodDays?: number;
  /** Called with every MFA audit event after it is stored; a throw is logged, never fails the request. */
  onEvent?: (event: IssuerEvent) => void | Promise<void>;
  /** Serves development pages such as `GET /dev/outbox`; never enable it for real users. */
  devMode?: boolean;
  /**
   * Test and development issuers only: hashes passwords with scrypt N=2^10
   * (about 1 ms) instead of OWASP's N=2^17 (about 0.4 s and 128 MiB per
   * sign-in), so that test suites with many sign-ins stay fast. Refused
   * unless `devMode` is true. Each hash names its parameters, so an issuer
   * without this option upgrades such a hash at the user's next sign-in.
   */
  insecureFastPasswordHashing?: boolean;
  /**
   * Seconds before another email or SMS code may be sent for the same
   * authenticator or enrollment (default 30, at most 3600). Tests may lower
   * it to 1 instead of waiting; the hourly cap (5 sends) still applies.
   */
  oobResendCooldownSeconds?: number;
  /** How email and SMS codes are sent; each channel defaults to the dev outbox. */
  delivery?: DeliveryOptions;
  /** Used for outgoing HTTP (the SMS webhook); default the global fetch. */
  fetch?: typeof fetch;
  /**
   * Most mfa_tokens one refresh family (one sign-in) may mint per minute,
   * default 30; past it the refresh grant answers 429 too_many_attempts with
   * Retry-After. Each mfa_token carries its own answer budget, so an
   * unbounded supply would be a supply of guesses.
   */
  mfaTokensPerFamilyPerMinute?: number;
  /** Caps on SMS sends (SMS pumping: each text costs money); see SmsLimits. */
  smsLimits?: SmsLimits;
  /** Passkeys (WebAuthn): relying party and user verification; every field has a default. */
  webauthn?: WebAuthnOptions;
}

/**
 * SMS sends per hour (sliding window), on top of each authenticator's resend
 * cooldown. Past a cap, sends answer 429 too_many_attempts with Retry-After.
 */
export interface SmsLimits {
  /** Per user account, default 10. */
  perAccountPerHour?: number;
  /** Per phone number, across accounts, default 5. */
  perDestinationPerHour?: number;
  /** For the whole issuer, default 1000. */
  perIssuerPerHour?: number;
}

/**
 * The WebAuthn relying party. A passkey is bound to its RP ID forever: it
 * works on every origin whose host is the RP ID or a subdomain of it, and on
 * no other. Ceremonies run on the app's origin (through the SDK) or on the
 * issuer's (its hosted MFA page).
 */
export interface WebAuthnOptions {
  /**
   * A domain (no scheme, no port) that every origin below is equal to or a
   * subdomain of. Default: the host of the client's first redirect URI, so
   * each client's passkeys belong to its own domain.
   */
  rpId?: string;
  /** The name authenticators show; default `displayName`. */
  rpName?: string;
  /**
   * Exact origins (`https://app.example.com`) allowed to run a ceremony.
   * Default: the origins of the client's redirect URIs plus the issuer's
   * origin (for its hosted page), keeping those within the RP ID.
   */
  origins?: string[];
  /**
   * Whether the authenticator must verify the user (PIN, biometrics) and say
   * so; default "required": a passkey then stands for two factors at once.
   */
  userVerification?: "required" | "preferred" | "discouraged";
}

/** Delivery per channel. The outbox keeps messages in the store (development and tests). */
export interface DeliveryOptions {
  email?: { type: "outbox" } | ({ type: "smtp" } & SmtpDeliveryOptions);
  sms?: { type: "outbox" } | ({ type: "webhook" } & Omit<SmsWebhookDeliveryOptions, "fetch">);
}

/** An MFA audit event (ids only, no PII: no email, phone or IP). */
export interface IssuerEvent {
  id: string;
  type: IssuerEventType;
  userId: string;
  authenticatorId?: string;
  /** The factor name (otp, email, sms, webauthn, recovery-code). */
  authenticatorType?: string;
  /** The OAuth client the user acted through, or the admin client that acted. */
  clientId?: string;
  /** "user" for the user's own action, "admin" for an admin API call, "system" otherwise. */
  actor: "user" | "admin" | "system";
  /** Epoch milliseconds. */
  time: number;
}

export type IssuerEventType =
  | "mfa.enrolled"
  | "mfa.removed"
  | "mfa.renamed"
  | "mfa.counter_regressed"
  | "mfa.verified"
  | "mfa.failed"
  | "mfa.locked_out"
  | "mfa.recovery_code_used"
  | "mfa.recovery_codes_regenerated"
  | "mfa.exemption_set"
  | "mfa.exemption_cleared"
  | "mfa.reset";
