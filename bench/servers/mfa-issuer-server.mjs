// Our issuer for the MFA verification benchmark, served on node:http on
// loopback as the CLI serves it; seeded by mfa-seed.mjs. Prints one JSON
// line with what the load needs. argv: <users> <tokens> [databaseUrl]
import { serveForLoad } from "./serve-for-load.mjs";
import { client, seedMfaIssuer, totpSecret } from "./mfa-seed.mjs";

const users = Number(process.argv[2] ?? 1000);
const tokens = Number(process.argv[3] ?? 2000);
const databaseUrl = process.argv[4];

const { issuer, mfaTokens } = await seedMfaIssuer({ users, tokens, databaseUrl });
await serveForLoad(issuer, () => ({
  client_id: client.clientId,
  client_secret: client.clientSecret,
  totpSecret,
  users,
  mfaTokens,
}));
