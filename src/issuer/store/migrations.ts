import type { SqlClient } from "./sql-client.js";

/**
 * Versioned schema. Append only: a shipped migration is never edited, so a
 * store created by an older version upgrades in order. Times are epoch
 * milliseconds from the injected clock (never SQL `now()`), so tests control time.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: "initial schema",
    sql: `
CREATE TABLE users (
  id text PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text,
  password_hash text NOT NULL,
  created_at bigint NOT NULL
);
CREATE TABLE signing_keys (
  kid text PRIMARY KEY,
  alg text NOT NULL,
  public_jwk jsonb NOT NULL,
  private_jwk_sealed text NOT NULL,
  created_at bigint NOT NULL
);
CREATE TABLE authorization_requests (
  id_hash text PRIMARY KEY,
  browser_hash text NOT NULL,
  params jsonb NOT NULL,
  expires_at bigint NOT NULL,
  consumed_at bigint
);
CREATE TABLE login_sessions (
  id_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  auth_time bigint NOT NULL,
  amr text[] NOT NULL,
  expires_at bigint NOT NULL,
  ended_at bigint
);
CREATE TABLE authorization_codes (
  code_hash text PRIMARY KEY,
  client_id text NOT NULL,
  user_id text NOT NULL REFERENCES users(id),
  redirect_uri text NOT NULL,
  scope text NOT NULL,
  audience text,
  nonce text,
  code_challenge text NOT NULL,
  auth_time bigint NOT NULL,
  amr text[] NOT NULL,
  expires_at bigint NOT NULL,
  consumed_at bigint
);
CREATE TABLE refresh_families (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  client_id text NOT NULL,
  scope text NOT NULL,
  audience text,
  auth_time bigint NOT NULL,
  amr text[] NOT NULL,
  last_mfa_at bigint,
  code_hash text,
  created_at bigint NOT NULL,
  revoked_at bigint
);
CREATE INDEX refresh_families_code ON refresh_families(code_hash);
CREATE TABLE refresh_tokens (
  token_hash text PRIMARY KEY,
  family_id text NOT NULL REFERENCES refresh_families(id),
  created_at bigint NOT NULL,
  rotated_at bigint
);
CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);
CREATE TABLE mfa_tokens (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  client_id text NOT NULL,
  audience text NOT NULL,
  scope text NOT NULL,
  family_id text NOT NULL REFERENCES refresh_families(id),
  expires_at bigint NOT NULL,
  consumed_at bigint,
  failed_attempts integer NOT NULL DEFAULT 0
);
CREATE TABLE authenticators (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  type text NOT NULL,
  secret_sealed text NOT NULL,
  created_at bigint NOT NULL,
  confirmed_at bigint,
  last_used_step bigint,
  last_auth_at bigint
);
CREATE INDEX authenticators_user ON authenticators(user_id);
CREATE TABLE recovery_code_sets (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  pending_authenticator_id text,
  created_at bigint NOT NULL,
  confirmed_at bigint,
  last_auth_at bigint
);
CREATE TABLE recovery_codes (
  code_hash text NOT NULL,
  set_id text NOT NULL REFERENCES recovery_code_sets(id) ON DELETE CASCADE,
  used_at bigint,
  PRIMARY KEY (set_id, code_hash)
);
CREATE TABLE attempt_buckets (
  key text PRIMARY KEY,
  tokens double precision NOT NULL,
  updated_at bigint NOT NULL
);
`,
  },
  {
    version: 2,
    name: "email and sms codes, delivery outbox",
    sql: `
CREATE TABLE oob_authenticators (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  destination_sealed text NOT NULL,
  created_at bigint NOT NULL,
  confirmed_at bigint,
  last_auth_at bigint
);
CREATE INDEX oob_authenticators_user ON oob_authenticators(user_id);
CREATE TABLE oob_codes (
  code_hash text PRIMARY KEY,
  authenticator_id text NOT NULL REFERENCES oob_authenticators(id) ON DELETE CASCADE,
  user_id text NOT NULL REFERENCES users(id),
  mfa_token_hash text NOT NULL,
  binding_hash text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  consumed_at bigint
);
CREATE INDEX oob_codes_authenticator ON oob_codes(authenticator_id);
CREATE TABLE oob_sends (
  id text PRIMARY KEY,
  send_key text NOT NULL,
  sent_at bigint NOT NULL
);
CREATE INDEX oob_sends_key ON oob_sends(send_key, sent_at);
CREATE TABLE outbox (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  channel text NOT NULL,
  recipient text NOT NULL,
  subject text,
  body text NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX outbox_recipient ON outbox(recipient);
`,
  },
  {
    version: 3,
    name: "mfa audit events, exemptions and enforcement start",
    sql: `
CREATE TABLE audit_events (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  type text NOT NULL,
  authenticator_id text,
  authenticator_type text,
  client_id text,
  actor text NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX audit_events_user ON audit_events(user_id, created_at);
CREATE TABLE mfa_exemptions (
  user_id text PRIMARY KEY REFERENCES users(id),
  reason text NOT NULL,
  set_by text NOT NULL,
  created_at bigint NOT NULL
);
CREATE TABLE issuer_settings (
  key text PRIMARY KEY,
  value bigint NOT NULL
);
`,
  },
  {
    version: 4,
    name: "hosted MFA step: login progress, last MFA time of sessions and codes",
    sql: `
ALTER TABLE authorization_requests ADD COLUMN progress jsonb;
ALTER TABLE login_sessions ADD COLUMN last_mfa_at bigint;
ALTER TABLE authorization_codes ADD COLUMN last_mfa_at bigint
`,
  },
  {
    version: 5,
    name: "mfa_tokens minted as the next link of a chained MFA",
    sql: `
ALTER TABLE mfa_tokens ADD COLUMN chained boolean NOT NULL DEFAULT false
`,
  },
  {
    version: 6,
    name: "time of each MFA method, so an API's factors are checked with their own freshness",
    sql: `
ALTER TABLE refresh_families ADD COLUMN mfa_times jsonb;
ALTER TABLE login_sessions ADD COLUMN mfa_times jsonb;
ALTER TABLE authorization_codes ADD COLUMN mfa_times jsonb
`,
  },
  {
    version: 7,
    name: "email_verified per user, the email check of a pending sign-up",
    sql: `
ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT false;
ALTER TABLE authorization_requests ADD COLUMN signup jsonb
`,
  },
  {
    version: 10,
    name: "refresh families: last use, current token sealed, login session; by user",
    sql: `
ALTER TABLE refresh_families ADD COLUMN last_used_at bigint;
UPDATE refresh_families SET last_used_at = created_at;
ALTER TABLE refresh_families ADD COLUMN current_token_sealed text;
ALTER TABLE refresh_families ADD COLUMN login_session_hash text;
CREATE INDEX refresh_families_user ON refresh_families(user_id);
CREATE INDEX refresh_families_login_session ON refresh_families(login_session_hash);
ALTER TABLE authorization_codes ADD COLUMN login_session_hash text
`,
  },
  {
    // Passkeys take 14 (and 15 if needed); numbers in between belong to other work in flight.
    version: 14,
    name: "passkeys: WebAuthn credentials and ceremonies",
    sql: `
CREATE TABLE webauthn_credentials (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  credential_id text NOT NULL UNIQUE,
  public_key_sealed text NOT NULL,
  rp_id text NOT NULL,
  counter bigint NOT NULL,
  transports text[] NOT NULL,
  device_type text NOT NULL CHECK (device_type IN ('singleDevice', 'multiDevice')),
  backed_up boolean NOT NULL,
  name text NOT NULL,
  created_at bigint NOT NULL,
  last_auth_at bigint
);
CREATE INDEX webauthn_credentials_user ON webauthn_credentials(user_id);
CREATE TABLE webauthn_ceremonies (
  code_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  binding text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('registration', 'authentication')),
  challenge text NOT NULL UNIQUE,
  rp_id text NOT NULL,
  origins text[] NOT NULL,
  user_verification text NOT NULL,
  credential_key text,
  name text,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  consumed_at bigint
);
CREATE INDEX webauthn_ceremonies_user ON webauthn_ceremonies(user_id, kind)
`,
  },
  {
    // 16, not 11: the versions in between are taken by work in flight (versions
    // are applied by number, so the gap is harmless).
    version: 16,
    name: "audit events keep their insertion order within one millisecond",
    sql: `
ALTER TABLE audit_events ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY
`,
  },
  {
    version: 17,
    name: "a family's live refresh token found without walking its rotated ones",
    sql: `
CREATE INDEX refresh_tokens_live ON refresh_tokens(family_id) WHERE rotated_at IS NULL
`,
  },
  {
    version: 18,
    name: "development push factor: devices and their pending requests",
    sql: `
CREATE TABLE push_authenticators (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  name text NOT NULL,
  created_at bigint NOT NULL,
  confirmed_at bigint,
  last_auth_at bigint
);
CREATE INDEX push_authenticators_user ON push_authenticators(user_id);
CREATE TABLE push_requests (
  id text PRIMARY KEY,
  code_hash text NOT NULL UNIQUE,
  authenticator_id text NOT NULL REFERENCES push_authenticators(id) ON DELETE CASCADE,
  user_id text NOT NULL REFERENCES users(id),
  binding text NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('challenge', 'enroll')),
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'denied')),
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  last_polled_at bigint,
  consumed_at bigint
);
CREATE INDEX push_requests_user ON push_requests(user_id);
CREATE INDEX push_requests_status ON push_requests(status, expires_at)
`,
  },
];

/** Key of the advisory lock that serialises migrations (any constant shared by every issuer). */
const MIGRATION_LOCK_KEY = 0x5e9_0001;

/**
 * Applies pending migrations in order, in one transaction that first takes a
 * transaction-scoped advisory lock: issuers starting at once over one
 * PostgreSQL queue up, and each later one finds the versions already recorded
 * and applies nothing. (A bare `CREATE TABLE IF NOT EXISTS` racing on two
 * connections can fail on the catalog's unique index, hence the lock comes
 * first.) PGlite has a single connection; the lock is a no-op there.
 */
export async function migrate(db: SqlClient, now: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`,
    );
    const rows = await tx.query<{ version: number }>("SELECT version FROM schema_migrations");
    const applied = new Set(rows.map((row) => row.version));
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await tx.query(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        [migration.version, migration.name, now],
      );
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
    }
  });
}

// Prepared statements take one command each; our schema has no semicolons inside strings.
function splitStatements(sql: string): string[] {
  return sql
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
