import type { SqlClient } from "./sql-client.js";

/** A validated /authorize request waiting for the user to log in. */
export interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  state?: string;
  nonce?: string;
  scope: string;
  audience?: string;
  codeChallenge: string;
  maxAge?: number;
  loginHint?: string;
  /** Space-separated `acr_values` as requested (OIDC Core §3.1.2.1). */
  acrValues?: string;
  /** `screen_hint=signup`: show the sign-up form first. */
  screenHint?: "signup";
}

/**
 * Who passed the password step of a pending authorization, kept while the MFA
 * step runs. `mfaAt`/`mfaMethods` are set once a factor was verified (the
 * request is then waiting for the user to read the new recovery codes).
 */
export interface AuthorizationProgress {
  userId: string;
  /** Epoch ms of the password login. */
  authTime: number;
  amr: string[];
  /** Hash of the login session the step belongs to. */
  sessionHash: string;
  /** The session's MFA times (amr value → epoch ms) when it was reused. */
  mfaTimes?: Record<string, number>;
  mfaAt?: number;
  mfaMethods?: string[];
}

export async function insertAuthorizationRequest(
  db: SqlClient,
  row: {
    idHash: string;
    browserHash: string;
    params: PendingAuthorization;
    expiresAt: number;
    progress?: AuthorizationProgress;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO authorization_requests (id_hash, browser_hash, params, expires_at, progress)
     VALUES ($1, $2, $3, $4, $5)`,
    [
      row.idHash,
      row.browserHash,
      JSON.stringify(row.params),
      row.expiresAt,
      row.progress ? JSON.stringify(row.progress) : null,
    ],
  );
}

/**
 * The email check of a sign-up waiting for its code. `userId` is null when
 * the address was taken: the code stored then is one nobody knows, so the
 * check fails exactly as a wrong code does.
 */
export interface SignupCheck {
  userId: string | null;
  /** As typed, to show on the page again. */
  email: string;
  codeHash: string;
  expiresAt: number;
  /** Answers reserved so far (see reserveSignupAnswer). */
  answers: number;
}

export interface PendingAuthorizationRow {
  browser_hash: string;
  params: PendingAuthorization;
  progress: AuthorizationProgress | null;
  signup: SignupCheck | null;
}

export async function findAuthorizationRequest(
  db: SqlClient,
  idHash: string,
  now: number,
): Promise<PendingAuthorizationRow | undefined> {
  const rows = await db.query<PendingAuthorizationRow>(
    `SELECT browser_hash, params, progress, signup FROM authorization_requests
     WHERE id_hash = $1 AND consumed_at IS NULL AND expires_at > $2`,
    [idHash, now],
  );
  return rows[0];
}

/** Single use: only the first successful login for a pending request wins. */
export async function consumeAuthorizationRequest(
  db: SqlClient,
  idHash: string,
  now: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE authorization_requests SET consumed_at = $2
     WHERE id_hash = $1 AND consumed_at IS NULL AND expires_at > $2 RETURNING id_hash`,
    [idHash, now],
  );
  return rows.length === 1;
}

/** Records the login progress of a pending authorization (password passed, MFA done). */
export async function setAuthorizationProgress(
  db: SqlClient,
  idHash: string,
  progress: AuthorizationProgress,
  now: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE authorization_requests SET progress = $2
     WHERE id_hash = $1 AND consumed_at IS NULL AND expires_at > $3 RETURNING id_hash`,
    [idHash, JSON.stringify(progress), now],
  );
  return rows.length === 1;
}

/** Stores the email check of a sign-up on its pending authorization. */
export async function setSignupCheck(
  db: SqlClient,
  idHash: string,
  check: SignupCheck,
  now: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE authorization_requests SET signup = $2
     WHERE id_hash = $1 AND consumed_at IS NULL AND expires_at > $3 RETURNING id_hash`,
    [idHash, JSON.stringify(check), now],
  );
  return rows.length === 1;
}

/** Reserves one answer of the sign-up's email check before it is compared (atomic); false when spent. */
export async function reserveSignupAnswer(
  db: SqlClient,
  idHash: string,
  maxAnswers: number,
  now: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE authorization_requests
     SET signup = jsonb_set(signup, '{answers}', to_jsonb((signup->>'answers')::int + 1))
     WHERE id_hash = $1 AND consumed_at IS NULL AND expires_at > $3 AND signup IS NOT NULL
       AND (signup->>'answers')::int < $2
     RETURNING id_hash`,
    [idHash, maxAnswers, now],
  );
  return rows.length === 1;
}

/** Ends the email check once passed (first wins); false when it was already cleared. */
export async function clearSignupCheck(
  db: SqlClient,
  idHash: string,
  now: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE authorization_requests SET signup = NULL
     WHERE id_hash = $1 AND consumed_at IS NULL AND expires_at > $2 AND signup IS NOT NULL
     RETURNING id_hash`,
    [idHash, now],
  );
  return rows.length === 1;
}
