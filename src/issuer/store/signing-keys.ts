import type { SqlClient } from "./sql-client.js";

export interface SigningKeyRow {
  kid: string;
  alg: string;
  public_jwk: Record<string, unknown>;
  private_jwk_sealed: string;
  created_at: number;
}

/** The oldest key of `alg`: every process converges on the same one after a racing first start. */
export async function findCurrentSigningKey(
  db: SqlClient,
  alg: string,
): Promise<SigningKeyRow | undefined> {
  const rows = await db.query<SigningKeyRow>(
    "SELECT * FROM signing_keys WHERE alg = $1 ORDER BY created_at, kid LIMIT 1",
    [alg],
  );
  return rows[0];
}

export async function listSigningKeys(db: SqlClient): Promise<SigningKeyRow[]> {
  return db.query<SigningKeyRow>("SELECT * FROM signing_keys ORDER BY created_at, kid");
}

export async function insertSigningKey(db: SqlClient, row: SigningKeyRow): Promise<void> {
  await db.query(
    `INSERT INTO signing_keys (kid, alg, public_jwk, private_jwk_sealed, created_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kid) DO NOTHING`,
    [row.kid, row.alg, JSON.stringify(row.public_jwk), row.private_jwk_sealed, row.created_at],
  );
}
