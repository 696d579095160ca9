// Serves a bench issuer on loopback as the CLI serves it, prints the one
// JSON line the load generator reads (load.mjs startServerProcess), and
// stops cleanly on SIGTERM.
import { serveIssuer } from "../../dist/issuer/index.js";

export async function serveForLoad(issuer, describe) {
  const served = await serveIssuer(issuer, { port: 0 });
  const info = await describe(served.url);
  process.stdout.write(
    `${JSON.stringify({ url: served.url, tokenUrl: `${served.url}/oauth/token`, ...info })}\n`,
  );
  process.on("SIGTERM", async () => {
    await served.close({ timeoutMs: 1000 });
    await issuer.close();
    process.exit(0);
  });
}
