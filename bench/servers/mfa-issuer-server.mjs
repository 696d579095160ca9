// Our issuer for the MFA verification benchmark, served on node:http on
// loopback as the CLI serves it; seeded by mfa-seed.mjs. Prints one JSON
// line with what the load needs. argv: <users> <tokens> [databaseUrl]
import { serveIssuer } from "../../dist/issuer/index.js";
import { client, seedMfaIssuer, totpSecret } from "./mfa-seed.mjs";

const users = Number(process.argv[2] ?? 1000);
const tokens = Number(process.argv[3] ?? 2000);
const databaseUrl = process.argv[4];

const { issuer, mfaTokens } = await seedMfaIssuer({ users, tokens, databaseUrl });
const served = await serveIssuer(issuer, { port: 0 });
process.stdout.write(
  `${JSON.stringify({
    url: served.url,
    tokenUrl: `${served.url}/oauth/token`,
    client_id: client.clientId,
    client_secret: client.clientSecret,
    totpSecret,
    users,
    mfaTokens,
  })}\n`,
);
process.on("SIGTERM", async () => {
  await served.close({ timeoutMs: 1000 });
  await issuer.close();
  process.exit(0);
});
