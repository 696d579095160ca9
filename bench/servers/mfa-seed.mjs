// Seeds an issuer for the MFA verification benchmark (see mfa-issuer-server.mjs).
import { createHash, randomBytes } from "node:crypto";
import { createIssuer } from "../../dist/issuer/index.js";
import { createSecretBox, PURPOSE } from "../../dist/issuer/crypto/secret-box.js";

export const api = "https://api.example.com/payments";
export const client = {
  clientId: "bench",
  clientSecret: "bench-client-secret-0123456789",
  redirectUris: ["http://localhost:3000/auth/callback"],
};
export const totpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/** A started issuer with `users` TOTP users and `tokens` raw mfa_tokens (round-robin over users). */
export async function seedMfaIssuer({ users, tokens, databaseUrl }) {
  const secret = randomBytes(32).toString("base64url");
  const issuer = await createIssuer({
    issuer: "http://127.0.0.1",
    secret,
    clients: [client],
    apis: [{ audience: api, requireMfa: true, maxAge: 300, scopes: ["payments:write"] }],
    ...(databaseUrl ? { databaseUrl, databasePoolSize: 20 } : {}),
    logger: () => {},
  });
  const db = issuer.db;
  const now = Date.now();
  const totpBox = await createSecretBox([secret], PURPOSE.totpSecret);

  const CHUNK = 5000;
  for (let from = 0; from < users; from += CHUNK) {
    const ids = Array.from({ length: Math.min(CHUNK, users - from) }, (_, i) => from + i);
    await db.query(
      `INSERT INTO users (id, email, name, password_hash, created_at, email_verified)
     SELECT 'u' || n, 'u' || n || '@bench.example', NULL, 'scrypt$disabled', $2, true
     FROM unnest($1::int[]) AS n`,
      [ids, now],
    );
    await db.query(
      `INSERT INTO authenticators (id, user_id, type, secret_sealed, created_at, confirmed_at)
     SELECT 'a' || n, 'u' || n, 'totp', sealed, $3, $3 FROM unnest($1::int[], $2::text[]) AS s(n, sealed)`,
      [ids, ids.map((n) => totpBox.seal(totpSecret, `totp|a${n}`)), now],
    );
    await db.query(
      `INSERT INTO refresh_families (id, user_id, client_id, scope, audience, auth_time, amr,
       created_at, last_used_at)
     SELECT 'f' || n, 'u' || n, $2, 'openid email offline_access', NULL, $3, '{pwd}', $3, $3
     FROM unnest($1::int[]) AS n`,
      [ids, client.clientId, now],
    );
  }
  const raw = Array.from({ length: tokens }, () => randomBytes(32).toString("base64url"));
  for (let from = 0; from < tokens; from += CHUNK) {
    const slice = raw.slice(from, from + CHUNK);
    await db.query(
      `INSERT INTO mfa_tokens (token_hash, user_id, client_id, audience, scope, family_id, expires_at)
     SELECT h, 'u' || (i % $3), $4, $5, 'payments:write', 'f' || (i % $3), $6
     FROM unnest($1::text[], $2::int[]) AS t(h, i)`,
      [
        slice.map((value) => createHash("sha256").update(value).digest("hex")),
        slice.map((_, i) => from + i),
        users,
        client.clientId,
        api,
        now + 600_000,
      ],
    );
  }

  return { issuer, mfaTokens: raw };
}
