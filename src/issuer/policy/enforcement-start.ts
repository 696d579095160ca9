import type { SqlClient } from "../store/sql-client.js";

const KEY = "mfa_enforcement_started_at";

/**
 * Records when "required" enforcement started (the first start with it; kept
 * across restarts and shared by every process on the store) and returns it.
 * Under "optional" the record is cleared, so turning enforcement on again
 * later starts a new grace period. Returns null under "optional".
 */
export async function recordEnforcementStart(
  db: SqlClient,
  mode: "optional" | "required",
  now: number,
): Promise<number | null> {
  if (mode === "optional") {
    await db.query("DELETE FROM issuer_settings WHERE key = $1", [KEY]);
    return null;
  }
  await db.query(
    "INSERT INTO issuer_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
    [KEY, now],
  );
  const rows = await db.query<{ value: string | number }>(
    "SELECT value FROM issuer_settings WHERE key = $1",
    [KEY],
  );
  return Number(rows[0]!.value);
}
